/* Moved to the recipes module; this re-export keeps app/validators (changed elsewhere) importing it. */
export * from '#services/recipes/ingredient_catalogue'
export { default } from '#services/recipes/ingredient_catalogue'
