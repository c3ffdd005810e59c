/* Moved to database/engine/; this re-export keeps importers changed elsewhere (app/auth, like_service) working. */
export { default, param } from '#database/engine/compiled_query'
