import { BaseSchema } from '@adonisjs/lucid/schema'
import logger from '@adonisjs/core/services/logger'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import Member from '#models/member'

/* Same column width as the members migration. */
const KEY_MAX_LENGTH = 30
const CHUNK = 500

/* The key rule before this migration: NFC, then lower case. */
const previousKeyOf = (username: string) => username.normalize('NFC').toLowerCase()

/**
 * Rewrites members.username_key with `keyOf`, in id order. A member whose new
 * key another member already holds (two accounts that only differed by
 * width, say `ｆｗ` and `fw`), or whose new key no longer fits the column,
 * keeps the old key and is logged for an operator to settle: renaming an
 * account is not a migration's call. Answers the ids left unchanged.
 */
export async function recomputeUsernameKeys(
  client: QueryClientContract,
  keyOf: (username: string) => string
) {
  const skipped: number[] = []
  let lastId = 0
  for (;;) {
    const rows: { id: number; username: string; username_key: string }[] = await client
      .from('members')
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(CHUNK)
      .select('id', 'username', 'username_key')
    if (rows.length === 0) {
      return skipped
    }
    lastId = Number(rows.at(-1)!.id)
    for (const row of rows) {
      const key = keyOf(row.username)
      if (key === row.username_key) {
        continue
      }
      const holder = await client
        .from('members')
        .where('username_key', key)
        .whereNot('id', row.id)
        .select('id')
        .first()
      if (holder || [...key].length > KEY_MAX_LENGTH) {
        skipped.push(Number(row.id))
        logger.warn(
          { member_id: Number(row.id), holder_id: holder ? Number(holder.id) : null },
          'username_key not recomputed: the canonical key is taken or too long'
        )
        continue
      }
      await client.from('members').where('id', row.id).update({ username_key: key })
    }
  }
}

/*
 * Usernames compare by NFKC + case folding (Member.usernameKeyOf) instead of
 * NFC + lower case: existing keys are recomputed so that logins and the
 * uniqueness index use the new form for old accounts too.
 */
export default class extends BaseSchema {
  async up() {
    this.defer(async (client) => {
      await recomputeUsernameKeys(client, (name) => Member.usernameKeyOf(name))
    })
  }

  async down() {
    this.defer(async (client) => {
      await recomputeUsernameKeys(client, previousKeyOf)
    })
  }
}
