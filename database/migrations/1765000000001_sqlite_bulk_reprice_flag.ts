import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * SQLite's side of 1764850000000_posts_order_changes_bulk_reprice.ts: its
 * per-row trigger that moves the lists' version is skipped while the writing
 * transaction holds a row in `bulk_repricing` (SQLite has no SET LOCAL). The
 * bulk repricing inserts that row first and deletes it before it commits
 * (app/services/recipes/list_version.ts), moving the version once itself; a
 * rollback removes it too, and no other connection ever sees it (one writer,
 * readers see only committed rows).
 */
const ORDER_COLUMNS = ['title', 'price', 'price_per_serving', 'member_id', 'created_at']
const changed = ORDER_COLUMNS.map((column) => `OLD.${column} IS NOT NEW.${column}`).join(' OR ')
const bump = `UPDATE counters SET changes = changes + 1 WHERE name = 'posts#' || (NEW.id % 16);`

async function createTrigger(db: { rawQuery: (sql: string) => unknown }, when: string) {
  await db.rawQuery('DROP TRIGGER IF EXISTS posts_order_changes')
  await db.rawQuery(`CREATE TRIGGER posts_order_changes
    AFTER UPDATE OF ${ORDER_COLUMNS.join(', ')} ON posts
    WHEN ${when} BEGIN ${bump} END`)
}

export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      if (db.dialect.name !== 'postgres') {
        await db.rawQuery('CREATE TABLE bulk_repricing (flag INTEGER PRIMARY KEY)')
        await createTrigger(db, `(${changed}) AND NOT EXISTS (SELECT 1 FROM bulk_repricing)`)
      }
    })
  }

  async down() {
    this.defer(async (db) => {
      if (db.dialect.name !== 'postgres') {
        await createTrigger(db, changed)
        await db.rawQuery('DROP TABLE bulk_repricing')
      }
    })
  }
}
