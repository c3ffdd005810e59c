import db from '@adonisjs/lucid/services/db'
import Member from '#models/member'
import { forgetLists } from '#services/recipes/list_cache'
import WriteGeneration from '#services/write_generation'

/* Child tables first, so SQLite's per-table deletes respect foreign keys. */
const DATA_TABLES = [
  'plan_meals',
  'plans',
  'comment_likes',
  'post_likes',
  'comments',
  'post_ingredients',
  'post_title_grams',
  'post_prices',
  'posts',
  'auth_sessions',
  'members',
  'ingredient_prices',
  'price_aliases',
  'ingredients',
  'rate_limits',
]

/*
 * Empties every data table, zeroes the trigger-kept counts and moves the
 * lists' version on. For tests that need real concurrency (parallel requests
 * on separate connections), which a global transaction would serialise, or
 * real commits; other tests use withGlobalTransaction().
 */
export async function resetDatabase() {
  const connection = db.connection()
  if (connection.dialect.name === 'postgres') {
    await connection.rawQuery(`TRUNCATE ${DATA_TABLES.join(', ')} RESTART IDENTITY CASCADE`)
  } else {
    for (const table of DATA_TABLES) {
      await connection.from(table).delete()
    }
    await connection.rawQuery(
      `DELETE FROM sqlite_sequence WHERE name IN (${DATA_TABLES.map(() => '?').join(', ')})`,
      DATA_TABLES
    )
  }
  /* Ids start again at 1: rows kept for authenticated requests would name other members. */
  Member.forgetForRequest()
  /* Counts and positions kept for the old rows are no use to the next test. */
  forgetLists()
  /* The lists changed: a new version (TRUNCATE fires no trigger; see PageAnchors). */
  await connection.from('counters').update({ value: 0, changes: db.raw('changes + 1') })
  /* A write around the API: tell every reader that trusts the write generation (plan_contents.ts). */
  await WriteGeneration.advance()
}

/* The recipes total as the app reads it: the sum of the trigger-kept shards 'posts#0' … 'posts#15'. */
export async function postsTotal() {
  const [row] = await db.from('counters').where('name', 'like', 'posts#%').sum('value as total')
  return Number(row?.total ?? 0)
}

/**
 * `group.each.setup(withRealCommits)`: each test starts and ends with empty
 * tables, for tests whose writes must really commit (see resetDatabase).
 */
export async function withRealCommits() {
  await resetDatabase()
  return () => resetDatabase()
}
