import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/*
 * The lists' version (counters.changes) for bulk writers: a transaction that
 * reprices many recipes at once moves it once, instead of the per-row
 * trigger moving it once per recipe (PostgreSQL; see the migration
 * 1764850000000_posts_order_changes_bulk_reprice.ts). SQLite's trigger
 * stays per row, so there this only adds one more move.
 */
export async function startBulkRepricing(trx: TransactionClientContract) {
  if (trx.dialect.name === 'postgres') {
    await trx.rawQuery(`SELECT set_config('hankki.bulk_reprice', 'on', true)`)
  }
  await trx.from('counters').where('name', 'posts#0').increment('changes', 1)
}
