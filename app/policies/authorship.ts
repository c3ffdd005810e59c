/*
 * Who is asking and who wrote what: the one comparison every policy of an
 * authored item uses. Nothing outside app/policies compares owners
 * (tests/unit/authorization_structure.spec.ts).
 */

/** The member a bouncer authorizes: the signed-in Member, or a bare id inside a service. */
export interface Actor {
  id: number
}

/** An item written by a member: a recipe, a comment (and, to come, a meal plan). */
export interface Authored {
  memberId: number | string
}

/* Ids may come back from the database as strings (pg bigint); compare them as numbers. */
export function isAuthor(actor: Actor, item: Authored) {
  return Number(item.memberId) === Number(actor.id)
}
