import { Bouncer } from '@adonisjs/bouncer'
import type { Actor } from '#policies/authorship'

/*
 * Authorization: one @adonisjs/bouncer policy per resource in this folder
 * (`<resource>_policy.ts`, a BasePolicy). An action answers true, or
 * `AuthorizationResponse.deny(message, status)` with a message from
 * #contract/messages; the exception handler sends that status and message.
 * Callers find the item first (its 404), then ask the policy:
 *   - a controller through `ctx.bouncer` (providers/request_bouncer_provider.ts):
 *     `await bouncer.with(CommentPolicy).authorize('edit', comment)`;
 *   - a service inside its own work (a transaction, the likes statement)
 *     through `bouncerFor(member)` below.
 * Policies are used by class reference, so a new one needs no registration.
 */

/* The bouncer of one member (or a guest, denied everything) for a check made inside a service. */
export function bouncerFor(actor: Actor | null) {
  return new Bouncer<Actor>(actor)
}
