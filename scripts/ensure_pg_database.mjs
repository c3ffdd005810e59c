// Creates the named PostgreSQL database if it does not exist yet. Connects
// with the PG_* variables (defaults: postgres@127.0.0.1:5432, trust auth).
// Exit code 2 when the server cannot be reached.
import pg from 'pg'

const name = process.argv[2]
if (!name || !/^[a-z_][a-z0-9_]*$/.test(name)) {
  console.error(`usage: ensure_pg_database.mjs <database_name> (got ${name})`)
  process.exit(1)
}

const client = new pg.Client({
  host: process.env.PG_HOST || '127.0.0.1',
  port: Number(process.env.PG_PORT || 5432),
  user: process.env.PG_USER || 'postgres',
  password: process.env.PG_PASSWORD || undefined,
  database: 'postgres',
  connectionTimeoutMillis: 3000,
})

try {
  await client.connect()
} catch (error) {
  console.error(`PostgreSQL is not reachable: ${error.message}`)
  process.exit(2)
}
const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
if (rowCount === 0) {
  await client.query(`CREATE DATABASE "${name}"`)
  console.error(`created database ${name}`)
}
await client.end()
