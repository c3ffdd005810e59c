import { test } from '@japa/runner'
import { Bouncer, errors as bouncerErrors } from '@adonisjs/bouncer'
import { HttpContextFactory } from '@adonisjs/core/factories/http'
import { bouncerFor } from '#policies/main'
import RecipePolicy from '#policies/recipe_policy'
import CommentPolicy from '#policies/comment_policy'
import MemberPolicy from '#policies/member_policy'
import { renderError } from '#tests/helpers/exception_handler'
import {
  COMMENT_DELETE_FORBIDDEN_MESSAGE,
  COMMENT_EDIT_FORBIDDEN_MESSAGE,
  DELETE_FORBIDDEN_MESSAGE,
  EDIT_FORBIDDEN_MESSAGE,
  OWN_COMMENT_LIKE_MESSAGE,
  OWN_POST_LIKE_MESSAGE,
  POST_NOT_FOUND,
} from '#contract/messages'

const ALICE = { id: 7 }
const BOB = { id: 8 }
/* pg may return ids as strings; the comparison is by value. */
const BY_ALICE = { memberId: '7' }

test.group('RecipePolicy', () => {
  test('the author may edit and delete; anyone else is 403 with the action message', async ({
    assert,
  }) => {
    for (const [action, message] of [
      ['edit', EDIT_FORBIDDEN_MESSAGE],
      ['delete', DELETE_FORBIDDEN_MESSAGE],
    ] as const) {
      assert.isTrue(await bouncerFor(ALICE).with(RecipePolicy).allows(action, BY_ALICE), action)
      const denied = await bouncerFor(BOB).with(RecipePolicy).execute(action, BY_ALICE)
      assert.isFalse(denied.authorized, action)
      assert.equal(denied.status, 403, action)
      assert.equal(denied.message, message, action)
    }
  })

  test('anyone but the author may like; the author is 403 "자신이 작성한 레시피 좋아요 불가"', async ({
    assert,
  }) => {
    assert.isTrue(await bouncerFor(BOB).with(RecipePolicy).allows('like', BY_ALICE))
    const denied = await bouncerFor(ALICE).with(RecipePolicy).execute('like', BY_ALICE)
    assert.deepInclude(denied, { authorized: false, status: 403, message: OWN_POST_LIKE_MESSAGE })
  })

  test('authorize throws E_AUTHORIZATION_FAILURE carrying the response', async ({ assert }) => {
    const error = await bouncerFor(BOB)
      .with(RecipePolicy)
      .authorize('edit', BY_ALICE)
      .catch((e) => e)
    assert.instanceOf(error, bouncerErrors.E_AUTHORIZATION_FAILURE)
    assert.equal(error.response.message, EDIT_FORBIDDEN_MESSAGE)
  })

  test('a guest is denied every action', async ({ assert }) => {
    assert.isFalse(await bouncerFor(null).with(RecipePolicy).allows('like', BY_ALICE))
  })
})

test.group('CommentPolicy', () => {
  test('the author may edit and delete; anyone else is 403 with the action message', async ({
    assert,
  }) => {
    for (const [action, message] of [
      ['edit', COMMENT_EDIT_FORBIDDEN_MESSAGE],
      ['delete', COMMENT_DELETE_FORBIDDEN_MESSAGE],
    ] as const) {
      assert.isTrue(await bouncerFor(ALICE).with(CommentPolicy).allows(action, BY_ALICE), action)
      const denied = await bouncerFor(BOB).with(CommentPolicy).execute(action, BY_ALICE)
      assert.deepInclude(denied, { authorized: false, status: 403, message }, action)
    }
  })

  test('anyone but the author may like; the author is 403 "자신이 작성한 댓글 좋아요 불가"', async ({
    assert,
  }) => {
    assert.isTrue(await bouncerFor(BOB).with(CommentPolicy).allows('like', BY_ALICE))
    const denied = await bouncerFor(ALICE).with(CommentPolicy).execute('like', BY_ALICE)
    assert.deepInclude(denied, {
      authorized: false,
      status: 403,
      message: OWN_COMMENT_LIKE_MESSAGE,
    })
  })
})

test.group('MemberPolicy', () => {
  test('a member may delete themself only; anyone else is 403 "삭제 권한이 없음"', async ({
    assert,
  }) => {
    assert.isTrue(await bouncerFor(ALICE).with(MemberPolicy).allows('delete', { id: 7 }))
    const denied = await bouncerFor(BOB).with(MemberPolicy).execute('delete', ALICE)
    assert.deepInclude(denied, {
      authorized: false,
      status: 403,
      message: DELETE_FORBIDDEN_MESSAGE,
    })
  })
})

test.group('Authorization failures on the wire', () => {
  test("a denial is the contract's envelope with the policy's status and message", async ({
    assert,
  }) => {
    const error = await bouncerFor(BOB)
      .with(CommentPolicy)
      .authorize('delete', BY_ALICE)
      .catch((e) => e)
    const { status, body } = await renderError(error)
    assert.equal(status, 403)
    assert.deepEqual(body, { result: 'failed', message: COMMENT_DELETE_FORBIDDEN_MESSAGE })
  })

  test('a policy answering 404 (an item a non-owner may not know of) is a 404', async ({
    assert,
  }) => {
    const denied = bouncerFor(BOB).deny(POST_NOT_FOUND, 404)
    const { status, body } = await renderError(new bouncerErrors.E_AUTHORIZATION_FAILURE(denied))
    assert.equal(status, 404)
    assert.deepEqual(body, { result: 'failed', message: POST_NOT_FOUND })
  })

  test('a denial without a message falls back to 403 "권한이 없음"', async ({ assert }) => {
    const error = await bouncerFor(null)
      .with(RecipePolicy)
      .authorize('edit', BY_ALICE)
      .catch((e) => e)
    const { status, body } = await renderError(error)
    assert.equal(status, 403)
    assert.deepEqual(body, { result: 'failed', message: '권한이 없음' })
  })
})

test.group('ctx.bouncer', () => {
  test('is made on first access and kept for the request; no member signed in is a guest', async ({
    assert,
  }) => {
    const ctx = new HttpContextFactory().create()
    assert.isFalse(Object.hasOwn(ctx, 'bouncer'))
    const bouncer = ctx.bouncer
    assert.instanceOf(bouncer, Bouncer)
    assert.strictEqual(ctx.bouncer, bouncer)
    /* No one signed in on this context: a guest, denied. */
    assert.isFalse(await bouncer.with(RecipePolicy).allows('edit', BY_ALICE))
  })
})
