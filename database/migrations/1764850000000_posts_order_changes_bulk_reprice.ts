import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * PostgreSQL: the per-row trigger that moves the lists' version
 * (counters.changes, see 1764500000000_count_posts_order_changes.ts) is
 * skipped inside a transaction that set `hankki.bulk_reprice` (SET LOCAL);
 * the bulk repricing that sets it (RecipeRepricer, after a price import)
 * moves the version once itself (app/services/recipes/list_version.ts).
 * Repricing every recipe otherwise rewrote the same 16 counter rows once per
 * recipe, most of the time its UPDATEs took. Other writers keep the exact
 * per-row rule (a value written again is no change). SQLite keeps its trigger.
 */
const ORDER_COLUMNS = ['title', 'price', 'price_per_serving', 'member_id', 'created_at']
const changed = ORDER_COLUMNS.map((column) => `OLD.${column} <> NEW.${column}`).join(' OR ')

async function createTrigger(db: { rawQuery: (sql: string) => unknown }, when: string) {
  await db.rawQuery('DROP TRIGGER IF EXISTS posts_order_changes ON posts')
  await db.rawQuery(`CREATE TRIGGER posts_order_changes
    AFTER UPDATE OF ${ORDER_COLUMNS.join(', ')} ON posts FOR EACH ROW
    WHEN (${when}) EXECUTE FUNCTION posts_order_changes()`)
}

export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      if (db.dialect.name === 'postgres') {
        await createTrigger(
          db,
          `current_setting('hankki.bulk_reprice', true) IS DISTINCT FROM 'on' AND (${changed})`
        )
      }
    })
  }

  async down() {
    this.defer(async (db) => {
      if (db.dialect.name === 'postgres') {
        await createTrigger(db, changed)
      }
    })
  }
}
