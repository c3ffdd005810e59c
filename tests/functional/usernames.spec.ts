import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Member from '#models/member'
import { recomputeUsernameKeys } from '#database/migrations/1764600000000_recompute_username_keys'

/*
 * Usernames compare by their canonical form, NFKC + case folding (contract
 * §3: unique case-insensitively; issue 16 item 7): lookalikes collide, and a
 * username whose stored or canonical form outgrows the 30-character columns
 * is a 422, not a database error.
 */

const PASSWORD = 'long-enough-password'

function signUp(client: any, username: string, email = `${Date.now()}${Math.random()}@ex.test`) {
  return client.post('/members/forms').json({ username, password: PASSWORD, email })
}

test.group('Usernames: canonical form', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('names that grow past 30 characters when normalised are 422 and write nothing', async ({
    client,
    assert,
  }) => {
    /* 16 × U+0130 folds to 32 characters; 16 × U+0958 decomposes to 32 under NFC. */
    for (const username of ['İ'.repeat(16), '\u0958'.repeat(16), 'ﷺ'.repeat(2)]) {
      for (const path of ['/members/forms', '/members/validation']) {
        const response = await client
          .post(path)
          .json({ username, password: PASSWORD, email: 'grow@ex.test' })
        response.assertStatus(422)
        response.assertBody({
          result: 'failed',
          message: '입력값이 올바르지 않음',
          errors: [
            {
              field: 'username',
              rule: 'username.canonicalLength',
              message: 'username 값은 정규화한 형태로 2자 이상 30자 이하여야 함',
            },
          ],
        })
      }
    }
    assert.isNull(await Member.findBy('email', 'grow@ex.test'))

    /* Up to the limit is fine: 15 × İ folds to 30 characters. */
    const fits = await signUp(client, 'İ'.repeat(15))
    fits.assertStatus(201)
    const member = await Member.findOrFail(fits.body().user_id)
    assert.equal(member.username, 'İ'.repeat(15))
    assert.equal(member.usernameKey, 'i\u0307'.repeat(15))
  })

  test('full-width, case and ß lookalikes are one username', async ({ client, assert }) => {
    const first = await signUp(client, 'ｆｗ_Kim')
    first.assertStatus(201)
    const member = await Member.findOrFail(first.body().user_id)
    assert.equal(member.username, 'ｆｗ_Kim')
    assert.equal(member.usernameKey, 'fw_kim')

    for (const lookalike of ['fw_kim', 'FW_KIM', 'Ｆｗ_ｋｉｍ']) {
      const duplicate = await signUp(client, lookalike)
      duplicate.assertStatus(409)
      duplicate.assertBody({ result: 'failed', message: '중복 가입' })
      const check = await client.post('/members/validation').json({ username: lookalike })
      check.assertStatus(409)
      check.assertBody({ result: 'failed', message: '이미 가입된 아이디입니다.' })
    }

    const strasse = await signUp(client, 'Straße')
    strasse.assertStatus(201)
    const folded = await signUp(client, 'STRASSE')
    folded.assertStatus(409)

    /* Logging in with a lookalike finds the same account. */
    const login = await client
      .post('/members/login')
      .json({ username: 'FW_kim', password: PASSWORD })
    login.assertStatus(200)
    assert.equal(login.body().user_id, member.id)
    assert.equal(login.body().username, 'ｆｗ_Kim')
  })
})

test.group('Usernames: the migration that recomputes keys', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function insert(username: string, usernameKey: string) {
    const [row] = await db
      .table('members')
      .insert({
        username,
        username_key: usernameKey,
        email: `${usernameKey}@ex.test`,
        password: 'not-a-real-hash',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
    return Number(typeof row === 'object' ? row.id : row)
  }

  async function keyOf(id: number) {
    const row = await db.from('members').where('id', id).select('username_key').firstOrFail()
    return row.username_key as string
  }

  test('old keys are rewritten in the canonical form; a collision keeps its old key', async ({
    assert,
  }) => {
    /* Keys as the previous rule (NFC + lower case) wrote them. */
    const wide = await insert('ＡＢ_old', 'ａｂ_old')
    const plain = await insert('Zed', 'zed')
    const older = await insert('cd', 'cd')
    const lookalike = await insert('ｃｄ', 'ｃｄ')

    const skipped = await recomputeUsernameKeys(db.connection(), (name) =>
      Member.usernameKeyOf(name)
    )

    assert.equal(await keyOf(wide), 'ab_old')
    assert.equal(await keyOf(plain), 'zed')
    assert.equal(await keyOf(older), 'cd')
    assert.equal(await keyOf(lookalike), 'ｃｄ')
    assert.deepEqual(skipped, [lookalike])
  })
})
