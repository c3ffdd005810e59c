/* Moved to the recipes module; this re-export keeps app/validators and the demo data generator (changed elsewhere) importing it. */
export * from '#services/recipes/recipe_cost_calculator'
export { default } from '#services/recipes/recipe_cost_calculator'
