import { BaseSchema } from '@adonisjs/lucid/schema'

/*
 * Like and comment counts, and the total number of recipes, are kept by
 * triggers inside the writing transaction. Database-side, they also follow
 * cascades (a deleted member's likes stop counting) and concurrent writers, so
 * they cannot drift from the rows they count, while lists still sort by an
 * indexed column and never pay a full count(*).
 */
interface CounterSpec {
  name: string
  /* Table whose rows are counted. */
  source: string
  /* Table and column holding the count. */
  target: string
  column: string
  /* Which target row a source row counts towards (`row` is NEW or OLD). */
  match: (row: 'NEW' | 'OLD') => string
}

const COUNTERS: CounterSpec[] = [
  {
    name: 'post_likes_count',
    source: 'post_likes',
    target: 'posts',
    column: 'like_count',
    match: (row) => `id = ${row}.post_id`,
  },
  {
    name: 'comment_likes_count',
    source: 'comment_likes',
    target: 'comments',
    column: 'like_count',
    match: (row) => `id = ${row}.comment_id`,
  },
  {
    name: 'comments_count',
    source: 'comments',
    target: 'posts',
    column: 'comment_count',
    match: (row) => `id = ${row}.post_id`,
  },
  {
    name: 'posts_total',
    source: 'posts',
    target: 'counters',
    column: 'value',
    match: () => `name = 'posts'`,
  },
]

function sqliteTriggers({ name, source, target, column, match }: CounterSpec) {
  return [
    `CREATE TRIGGER ${name}_insert AFTER INSERT ON ${source} BEGIN
       UPDATE ${target} SET ${column} = ${column} + 1 WHERE ${match('NEW')};
     END`,
    `CREATE TRIGGER ${name}_delete AFTER DELETE ON ${source} BEGIN
       UPDATE ${target} SET ${column} = ${column} - 1 WHERE ${match('OLD')};
     END`,
  ]
}

/* OR REPLACE: `migration:fresh` drops tables (and their triggers) but not functions. */
function postgresTriggers({ name, source, target, column, match }: CounterSpec) {
  return [
    `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'INSERT' THEN
         UPDATE ${target} SET ${column} = ${column} + 1 WHERE ${match('NEW')};
       ELSE
         UPDATE ${target} SET ${column} = ${column} - 1 WHERE ${match('OLD')};
       END IF;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER ${name} AFTER INSERT OR DELETE ON ${source}
     FOR EACH ROW EXECUTE FUNCTION ${name}()`,
  ]
}

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('counters', (table) => {
      table.string('name', 64).primary()
      table.bigint('value').notNullable().defaultTo(0)
    })

    this.defer(async (db) => {
      await db.table('counters').insert({ name: 'posts', value: 0 })
      const isPostgres = db.dialect.name === 'postgres'
      for (const spec of COUNTERS) {
        for (const sql of isPostgres ? postgresTriggers(spec) : sqliteTriggers(spec)) {
          await db.rawQuery(sql)
        }
      }
    })
  }

  async down() {
    this.defer(async (db) => {
      const isPostgres = db.dialect.name === 'postgres'
      for (const { name, source } of COUNTERS) {
        if (isPostgres) {
          await db.rawQuery(`DROP TRIGGER IF EXISTS ${name} ON ${source}`)
          await db.rawQuery(`DROP FUNCTION IF EXISTS ${name}()`)
        } else {
          await db.rawQuery(`DROP TRIGGER IF EXISTS ${name}_insert`)
          await db.rawQuery(`DROP TRIGGER IF EXISTS ${name}_delete`)
        }
      }
    })
    this.schema.dropTable('counters')
  }
}
