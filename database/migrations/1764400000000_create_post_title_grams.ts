import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * Title search (GET /posts?q=) by two-character pieces. Korean searches are
 * often two syllables ("찌개"), which neither pg_trgm (3+ characters) nor any
 * SQLite index serves, so every search scanned all titles: 0.5-4 s per
 * request at 50,000 recipes under load, on both databases.
 *
 * post_title_grams holds each distinct pair of adjacent characters of each
 * title, lower-cased by the database's own lower() (Unicode on PostgreSQL,
 * ASCII on SQLite: the same folding as its ILIKE / LIKE). A two-character
 * search is then one index range; a longer one narrows the candidates by its
 * pairs before LIKE checks them (app/services/recipes/title_search.ts). Triggers keep the pairs in
 * step with every insert and title change, and deleting a recipe cascades.
 */
const TITLE_MAX_LENGTH = 255

function sqliteGrams(row: string) {
  return `INSERT OR IGNORE INTO post_title_grams (gram, post_id)
    SELECT substr(lower(${row}.title), n, 2), ${row}.id FROM title_gram_positions
    WHERE n < length(${row}.title)`
}

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('post_title_grams', (table) => {
      table.string('gram', 8).notNullable()
      table
        .integer('post_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('posts')
        .onDelete('CASCADE')
      table.primary(['gram', 'post_id'])
      table.index(['post_id'], 'post_title_grams_post_id_index')
    })

    this.defer(async (db) => {
      if (db.dialect.name === 'postgres') {
        /* OR REPLACE: `migration:fresh` drops tables (and their triggers) but not functions. */
        await db.rawQuery(`CREATE OR REPLACE FUNCTION post_title_grams() RETURNS trigger
          LANGUAGE plpgsql AS $$
          BEGIN
            IF TG_OP = 'UPDATE' THEN
              DELETE FROM post_title_grams WHERE post_id = NEW.id;
            END IF;
            INSERT INTO post_title_grams (gram, post_id)
              SELECT DISTINCT substr(lower(NEW.title), n, 2), NEW.id
              FROM generate_series(1, char_length(NEW.title) - 1) AS n
            ON CONFLICT DO NOTHING;
            RETURN NULL;
          END $$`)
        await db.rawQuery(`CREATE TRIGGER post_title_grams AFTER INSERT OR UPDATE OF title ON posts
          FOR EACH ROW EXECUTE FUNCTION post_title_grams()`)
        await db.rawQuery(`INSERT INTO post_title_grams (gram, post_id)
          SELECT DISTINCT substr(lower(p.title), n, 2), p.id
          FROM posts p, generate_series(1, char_length(p.title) - 1) AS n
          ON CONFLICT DO NOTHING`)
      } else {
        /* SQLite triggers cannot use WITH RECURSIVE: character positions come from a table. */
        await db.rawQuery(`CREATE TABLE title_gram_positions (n INTEGER PRIMARY KEY)`)
        await db.rawQuery(`INSERT INTO title_gram_positions (n)
          WITH RECURSIVE positions(n) AS (
            SELECT 1 UNION ALL SELECT n + 1 FROM positions WHERE n < ${TITLE_MAX_LENGTH}
          ) SELECT n FROM positions`)
        await db.rawQuery(`CREATE TRIGGER post_title_grams_insert AFTER INSERT ON posts BEGIN
          ${sqliteGrams('NEW')};
        END`)
        await db.rawQuery(`CREATE TRIGGER post_title_grams_update AFTER UPDATE OF title ON posts BEGIN
          DELETE FROM post_title_grams WHERE post_id = NEW.id;
          ${sqliteGrams('NEW')};
        END`)
        await db.rawQuery(`INSERT OR IGNORE INTO post_title_grams (gram, post_id)
          SELECT substr(lower(p.title), n, 2), p.id FROM posts p
          JOIN title_gram_positions ON n < length(p.title)`)
      }
    })
  }

  async down() {
    this.defer(async (db) => {
      if (db.dialect.name === 'postgres') {
        await db.rawQuery('DROP TRIGGER IF EXISTS post_title_grams ON posts')
        await db.rawQuery('DROP FUNCTION IF EXISTS post_title_grams()')
      } else {
        await db.rawQuery('DROP TRIGGER IF EXISTS post_title_grams_insert')
        await db.rawQuery('DROP TRIGGER IF EXISTS post_title_grams_update')
        await db.rawQuery('DROP TABLE IF EXISTS title_gram_positions')
      }
    })
    this.schema.dropTable('post_title_grams')
  }
}
