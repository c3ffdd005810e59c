import { BaseSchema } from '@adonisjs/lucid/schema'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/*
 * A recipe's stored price, price per serving and price date move from
 * `posts` into a narrow table of their own, `post_prices` (one row per post),
 * which carries the two price sort indexes. A daily price import reprices
 * every recipe: on PostgreSQL an UPDATE of `posts` wrote a new version of the
 * wide row and an entry in each of its seven indexes (prices are indexed, so
 * no HOT update), most of the import's time; the narrow table has three.
 *
 * On PostgreSQL its pages are filled to half (fillfactor 50): an import
 * rewrites every row, and a new row version then lands on its own page
 * instead of extending the table.
 *
 * Every post has its row: a trigger inserts it (zero prices, no date) when a
 * post is inserted, and ON DELETE CASCADE removes it, so lists can read
 * prices by a plain join and the unfiltered price sorts from post_prices
 * alone. Writers then set the prices (RecipeWriter, RecipeRepricer).
 *
 * The lists' version (1764500000000_count_posts_order_changes.ts) moves as
 * before: posts' trigger keeps title, author and creation time, the new
 * table's trigger the two prices (skipped during a bulk repricing, which
 * moves the version once itself: app/services/recipes/list_version.ts).
 *
 * Raw statements both ways: knex rebuilds an altered SQLite table, which the
 * triggers naming `posts` forbid.
 */
const SHARD = (column: string) => `'posts#' || (NEW.${column} % 16)`
const BUMP = (column: string) =>
  `UPDATE counters SET changes = changes + 1 WHERE name = ${SHARD(column)};`
const POST_ORDER_COLUMNS = ['title', 'member_id', 'created_at']
const PRICE_COLUMNS = ['price', 'price_per_serving']
/* Before this migration: posts' trigger also watched the prices. */
const OLD_POST_ORDER_COLUMNS = ['title', 'price', 'price_per_serving', 'member_id', 'created_at']

const changedIn = (columns: string[], postgres: boolean) =>
  columns.map((c) => `OLD.${c} ${postgres ? '<>' : 'IS NOT'} NEW.${c}`).join(' OR ')
const notBulkPg = `current_setting('hankki.bulk_reprice', true) IS DISTINCT FROM 'on'`
const notBulkSqlite = 'NOT EXISTS (SELECT 1 FROM bulk_repricing)'

async function postsOrderTrigger(db: QueryClientContract, columns: string[], bulkAware: boolean) {
  const postgres = db.dialect.name === 'postgres'
  const changed = changedIn(columns, postgres)
  if (postgres) {
    await db.rawQuery('DROP TRIGGER IF EXISTS posts_order_changes ON posts')
    await db.rawQuery(`CREATE TRIGGER posts_order_changes
      AFTER UPDATE OF ${columns.join(', ')} ON posts FOR EACH ROW
      WHEN (${bulkAware ? `${notBulkPg} AND ` : ''}(${changed})) EXECUTE FUNCTION posts_order_changes()`)
    return
  }
  await db.rawQuery('DROP TRIGGER IF EXISTS posts_order_changes')
  await db.rawQuery(`CREATE TRIGGER posts_order_changes
    AFTER UPDATE OF ${columns.join(', ')} ON posts
    WHEN (${changed})${bulkAware ? ` AND ${notBulkSqlite}` : ''} BEGIN ${BUMP('id')} END`)
}

export default class extends BaseSchema {
  async up() {
    this.defer(async (db) => {
      const postgres = db.dialect.name === 'postgres'
      await db.rawQuery(`CREATE TABLE post_prices (
        post_id INTEGER NOT NULL PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
        price INTEGER NOT NULL DEFAULT 0,
        price_per_serving INTEGER NOT NULL DEFAULT 0,
        price_date DATE NULL)${postgres ? ' WITH (fillfactor = 50)' : ''}`)
      await db.rawQuery(
        `INSERT INTO post_prices (post_id, price, price_per_serving, price_date)
         SELECT id, price, price_per_serving, price_date FROM posts`
      )
      await db.rawQuery('CREATE INDEX post_prices_price_index ON post_prices (price, post_id)')
      await db.rawQuery(
        'CREATE INDEX post_prices_price_per_serving_index ON post_prices (price_per_serving, post_id)'
      )

      await postsOrderTrigger(db, POST_ORDER_COLUMNS, false)
      await db.rawQuery('DROP INDEX posts_price_id_index')
      await db.rawQuery('DROP INDEX posts_price_per_serving_id_index')
      for (const column of ['price', 'price_per_serving', 'price_date']) {
        await db.rawQuery(`ALTER TABLE posts DROP COLUMN ${column}`)
      }

      const pricesChanged = changedIn(PRICE_COLUMNS, postgres)
      if (postgres) {
        await db.rawQuery(`CREATE OR REPLACE FUNCTION post_prices_row() RETURNS trigger
          LANGUAGE plpgsql AS $$ BEGIN
            INSERT INTO post_prices (post_id) SELECT id FROM inserted ON CONFLICT (post_id) DO NOTHING;
            RETURN NULL;
          END $$`)
        /* Per statement, from the transition table: one INSERT for a multi-row insert of posts. */
        await db.rawQuery(`CREATE TRIGGER post_prices_row AFTER INSERT ON posts
          REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION post_prices_row()`)
        await db.rawQuery(`CREATE OR REPLACE FUNCTION post_prices_order_changes() RETURNS trigger
          LANGUAGE plpgsql AS $$ BEGIN ${BUMP('post_id')} RETURN NULL; END $$`)
        await db.rawQuery(`CREATE TRIGGER post_prices_order_changes
          AFTER UPDATE OF ${PRICE_COLUMNS.join(', ')} ON post_prices FOR EACH ROW
          WHEN (${notBulkPg} AND (${pricesChanged})) EXECUTE FUNCTION post_prices_order_changes()`)
        return
      }
      await db.rawQuery(`CREATE TRIGGER post_prices_row AFTER INSERT ON posts BEGIN
        INSERT OR IGNORE INTO post_prices (post_id) VALUES (NEW.id);
      END`)
      await db.rawQuery(`CREATE TRIGGER post_prices_order_changes
        AFTER UPDATE OF ${PRICE_COLUMNS.join(', ')} ON post_prices
        WHEN (${pricesChanged}) AND ${notBulkSqlite} BEGIN ${BUMP('post_id')} END`)
    })
  }

  async down() {
    this.defer(async (db) => {
      const postgres = db.dialect.name === 'postgres'
      if (postgres) {
        await db.rawQuery('DROP TRIGGER IF EXISTS post_prices_row ON posts')
        await db.rawQuery('DROP FUNCTION IF EXISTS post_prices_row()')
      } else {
        await db.rawQuery('DROP TRIGGER IF EXISTS post_prices_row')
      }
      await db.rawQuery('ALTER TABLE posts ADD COLUMN price INTEGER NOT NULL DEFAULT 0')
      await db.rawQuery('ALTER TABLE posts ADD COLUMN price_per_serving INTEGER NOT NULL DEFAULT 0')
      await db.rawQuery('ALTER TABLE posts ADD COLUMN price_date DATE NULL')
      await db.rawQuery(
        `UPDATE posts SET price = pp.price, price_per_serving = pp.price_per_serving,
                price_date = pp.price_date
           FROM post_prices AS pp WHERE pp.post_id = posts.id`
      )
      await db.rawQuery('CREATE INDEX posts_price_id_index ON posts (price, id)')
      await db.rawQuery(
        'CREATE INDEX posts_price_per_serving_id_index ON posts (price_per_serving, id)'
      )
      await postsOrderTrigger(db, OLD_POST_ORDER_COLUMNS, true)
      await db.rawQuery('DROP TABLE post_prices')
      if (postgres) {
        await db.rawQuery('DROP FUNCTION IF EXISTS post_prices_order_changes()')
      }
    })
  }
}
