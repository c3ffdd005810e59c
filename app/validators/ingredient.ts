import vine from '@vinejs/vine'
import { MEASURES } from '#models/ingredient'

/*
 * One catalogue row (CSV import and seed data): `price` KRW buys `unit` of
 * `measure`. CSV cells arrive as strings; vine.number() accepts numeric text
 * and rejects anything else.
 */
export const ingredientRowValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(100),
  measure: vine.enum(MEASURES),
  price: vine.number().min(0).max(100_000_000).withoutDecimals(),
  unit: vine.number().min(1).max(100_000_000).withoutDecimals(),
})
