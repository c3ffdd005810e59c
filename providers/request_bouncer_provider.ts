import { Bouncer } from '@adonisjs/bouncer'
import { HttpContext } from '@adonisjs/core/http'
import type Member from '#models/member'

/*
 * `ctx.bouncer`, the request's authorizer for the signed-in member: what the
 * starter kit's initialize_bouncer_middleware assigns on every request, made
 * here on first use instead, so public reads that never authorize pay nothing
 * (as `ctx.auth`, providers/request_authenticator_provider.ts). Policies are
 * used by class reference: `await bouncer.with(CommentPolicy).authorize('edit', comment)`;
 * a denial is answered by the exception handler with the policy's status and message.
 *
 * `HttpContext.getter(…, true)` caches the instance on the context; nothing
 * assigns `ctx.bouncer`, so its read-only value is no obstacle here.
 */
export default class RequestBouncerProvider {
  async start() {
    HttpContext.getter(
      'bouncer',
      function (this: HttpContext) {
        /* The user is read when a policy first runs, after the auth middleware. */
        return new Bouncer<Member>(() => this.auth.use('jwt').user ?? null).setContainerResolver(
          this.containerResolver
        )
      },
      true
    )
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    bouncer: Bouncer<Member>
  }
}
