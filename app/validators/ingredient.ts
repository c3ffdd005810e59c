import vine from '@vinejs/vine'
import { MEASURES } from '#models/ingredient'
import { INGREDIENT_LIMITS } from '#contract/limits'
import { integer, text } from '#validators/rules'

/*
 * One catalogue row (CSV import and seed data): `price` KRW buys `unit` of
 * `measure`. CSV cells arrive as strings: plain decimal text counts as a
 * number, anything else does not.
 */
export const ingredientRowValidator = vine.create({
  name: text().trim().minLength(1).maxLength(INGREDIENT_LIMITS.nameMaxLength),
  measure: vine.enum(MEASURES),
  price: integer().min(0).max(INGREDIENT_LIMITS.priceMax),
  unit: integer().min(1).max(INGREDIENT_LIMITS.unitMax),
})
