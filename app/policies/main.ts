import { Bouncer } from '@adonisjs/bouncer'
import type { Actor } from '#policies/authorship'

/*
 * The bouncer of one member, for a check a service makes inside its own work
 * (the recipe writer's transaction, the likes path): the same policies as
 * `ctx.bouncer` (providers/request_bouncer_provider.ts), by class reference.
 * A denial throws bouncer's E_AUTHORIZATION_FAILURE, which the exception
 * handler answers with the policy's status and message.
 */
export function bouncerFor(actor: Actor | null) {
  return new Bouncer<Actor>(actor)
}
