import { BaseSchema } from '@adonisjs/lucid/schema'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/*
 * The total number of recipes was one row ('posts') updated by a trigger on
 * every insert and delete of a recipe, so concurrent recipe writes queued on
 * that row's lock until each writer committed: under 50 concurrent creators,
 * 8 of 10 PostgreSQL connections were waiting on it (pg_stat_activity:
 * Lock/transactionid). The total is now spread over SHARDS rows,
 * 'posts#0' … 'posts#15', the shard chosen by the recipe's id; readers sum
 * them (app/services/recipes/list_cache.ts, one index range of 16 rows).
 */
const SHARDS = 16

const shardOf = (row: 'NEW' | 'OLD') => `'posts#' || (${row}.id % ${SHARDS})`

/* The posts_total triggers (counters migration), updating the row `counterName` names. */
async function replaceTriggers(
  db: QueryClientContract,
  counterName: (row: 'NEW' | 'OLD') => string
) {
  if (db.dialect.name === 'postgres') {
    /* The trigger stays; its function picks the row. */
    await db.rawQuery(`CREATE OR REPLACE FUNCTION posts_total() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE counters SET value = value + 1 WHERE name = ${counterName('NEW')};
        ELSE
          UPDATE counters SET value = value - 1 WHERE name = ${counterName('OLD')};
        END IF;
        RETURN NULL;
      END $$`)
    return
  }
  await db.rawQuery('DROP TRIGGER posts_total_insert')
  await db.rawQuery('DROP TRIGGER posts_total_delete')
  await db.rawQuery(`CREATE TRIGGER posts_total_insert AFTER INSERT ON posts BEGIN
    UPDATE counters SET value = value + 1 WHERE name = ${counterName('NEW')};
  END`)
  await db.rawQuery(`CREATE TRIGGER posts_total_delete AFTER DELETE ON posts BEGIN
    UPDATE counters SET value = value - 1 WHERE name = ${counterName('OLD')};
  END`)
}

export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      const counts = await db
        .from('posts')
        .select(db.raw(`id % ${SHARDS} AS shard`))
        .count('* as total')
        .groupByRaw(`id % ${SHARDS}`)
      const byShard = new Map(counts.map((row) => [Number(row.shard), Number(row.total)]))
      await db.table('counters').multiInsert(
        Array.from({ length: SHARDS }, (_, shard) => ({
          name: `posts#${shard}`,
          value: byShard.get(shard) ?? 0,
        }))
      )
      await db.from('counters').where('name', 'posts').delete()

      await replaceTriggers(db, shardOf)
    })
  }

  async down() {
    this.defer(async (db) => {
      const [{ total }] = await db
        .from('counters')
        .where('name', 'like', 'posts#%')
        .sum('value as total')
      await db.from('counters').where('name', 'like', 'posts#%').delete()
      await db.table('counters').insert({ name: 'posts', value: Number(total ?? 0) })

      await replaceTriggers(db, () => `'posts'`)
    })
  }
}
