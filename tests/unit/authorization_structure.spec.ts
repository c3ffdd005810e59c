import { test } from '@japa/runner'
import { readdir, readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { findInSources, type ForbiddenPattern } from '#tests/helpers/source_scan'

/*
 * "Who may do this" is answered by one policy per resource in app/policies
 * (@adonisjs/bouncer). Services and controllers find the item (404) and ask
 * a policy; none of them compares owners or makes a 403 of its own again.
 */
const FORBIDDEN: ForbiddenPattern[] = [
  [/\bmember_?id\b\s*[!=]==?(?![=\s]*(?:null|undefined)\b)/i, 'an owner comparison'],
  [/[!=]==?\s*[\w.(]*\bmember_?id\b/i, 'an owner comparison'],
  [/\.id\s*[!=]==?\s*[\w.]+\.id\b/, 'comparing two members'],
  [/\bisOwner\b|\bOwnershipPolicy\b|ownership_policy|\bisAuthor\(/, 'an owner check of its own'],
  /* CSRF (app/auth) is the one 403 that is not a policy's. */
  [/ApiException\.forbidden\((?!CSRF_FAILED_MESSAGE\))/, 'a 403 made by hand'],
  [/new ApiException\(\s*403|\bresponse\.forbidden\(|\.status\(\s*403\s*\)/, 'a 403 made by hand'],
  [
    /\b(EDIT_FORBIDDEN|DELETE_FORBIDDEN|COMMENT_EDIT_FORBIDDEN|COMMENT_DELETE_FORBIDDEN|OWN_POST_LIKE|OWN_COMMENT_LIKE)_MESSAGE\b/,
    "a policy's denial message used outside its policy",
  ],
]

const FOLDERS = ['app', 'providers', 'start', 'config', 'database']
/*
 * The policies themselves; the contract's messages and the OpenAPI document
 * that lists them; ApiException, whose forbidden() the CSRF check uses.
 */
const EXEMPT = /^app\/(policies\/|contract\/|openapi\/|exceptions\/api_exception\.ts$)/

test.group('Authorization lives in app/policies', () => {
  test('no source outside app/policies checks ownership or makes a 403 by hand', async ({
    assert,
  }) => {
    const { files, found } = await findInSources(FOLDERS, FORBIDDEN, EXEMPT)
    assert.isAbove(files, 50)
    assert.deepEqual(found, [])
  })

  test('one policy file per resource, each a BasePolicy', async ({ assert }) => {
    const names = await readdir(app.makePath('app/policies'))
    for (const name of [
      'recipe_policy.ts',
      'comment_policy.ts',
      'member_policy.ts',
      'plan_policy.ts',
    ]) {
      assert.include(names, name)
      const text = await readFile(app.makePath('app/policies', name), 'utf8')
      assert.match(text, /export default class \w+Policy extends BasePolicy/, name)
    }
  })

  test('the patterns catch what they are meant to catch', ({ assert }) => {
    const caught = [
      'OwnershipPolicy.authorize(memberId, { memberId: post.member_id }, action)',
      'if (OwnershipPolicy.isOwner(memberId, { memberId: item.member_id })) {',
      'if (target.id !== actor.id) {',
      'if (comment.memberId !== member.id) {',
      'if (post.member_id === memberId) throw x',
      'return Number(item.memberId) === Number(memberId)',
      'throw ApiException.forbidden(DELETE_FORBIDDEN_MESSAGE)',
      'throw ApiException.forbidden(kind.ownItem)',
      'throw new ApiException(403, message)',
      'return response.forbidden(body)',
      'ownItem: OWN_POST_LIKE_MESSAGE,',
    ]
    for (const sample of caught) {
      assert.isTrue(
        FORBIDDEN.some(([pattern]) => pattern.test(sample)),
        sample
      )
    }
    const allowed = [
      'throw ApiException.forbidden(CSRF_FAILED_MESSAGE)',
      'if (memberId === null || String(memberId) !== claims.sub) {',
      'SELECT id, ?, ? FROM posts WHERE id = ? AND member_id <> ?',
      "await bouncer.with(CommentPolicy).authorize('edit', comment)",
    ]
    for (const sample of allowed) {
      assert.isFalse(
        FORBIDDEN.some(([pattern]) => pattern.test(sample)),
        sample
      )
    }
  })
})
