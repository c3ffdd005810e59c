import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/*
 * The lists' version (counters.changes) for bulk writers: a transaction that
 * reprices many recipes at once moves it once, instead of the per-row
 * trigger moving it once per recipe (PostgreSQL; see the migration
 * 1764850000000_posts_order_changes_bulk_reprice.ts; on SQLite, a row in
 * bulk_repricing, 1765000000001_sqlite_bulk_reprice_flag.ts) for as long
 * as `write` runs; the per-row rule holds again for the rest of the transaction
 * (a flag left committed on SQLite would hide every later change from lists).
 */
export async function bulkRepricing<T>(
  trx: TransactionClientContract,
  write: () => Promise<T>
): Promise<T> {
  await startBulkRepricing(trx)
  const result = await write()
  await endBulkRepricing(trx)
  return result
}

async function startBulkRepricing(trx: TransactionClientContract) {
  if (trx.dialect.name === 'postgres') {
    await trx.rawQuery(`SELECT set_config('hankki.bulk_reprice', 'on', true)`)
  } else {
    await trx.rawQuery('INSERT INTO bulk_repricing (flag) VALUES (1)')
  }
  await trx.from('counters').where('name', 'posts#0').increment('changes', 1)
}

async function endBulkRepricing(trx: TransactionClientContract) {
  if (trx.dialect.name === 'postgres') {
    await trx.rawQuery(`SELECT set_config('hankki.bulk_reprice', 'off', true)`)
  } else {
    await trx.rawQuery('DELETE FROM bulk_repricing')
  }
}
