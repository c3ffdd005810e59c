import { createHash, createHmac, hkdfSync, randomUUID, timingSafeEqual } from 'node:crypto'
import { SignJWT, jwtVerify, type JWTPayload } from 'jose'
import string from '@adonisjs/core/helpers/string'
import { LRUCache } from 'lru-cache'

export type TokenType = 'access' | 'refresh'

/* The claims the contract lists (§2), as this app reads them back. */
export interface TokenClaims {
  sub: string
  username: string
  typ: TokenType
  jti: string
  sid: string
  csrf: string
  iat: number
  exp: number
}

/* One signed token together with the claims it carries. */
export interface IssuedToken {
  token: string
  claims: TokenClaims
}

export interface TokenPair {
  access: IssuedToken
  refresh: IssuedToken
}

export interface TokenServiceOptions {
  secret: Uint8Array
  issuer: string
  audience: string
  accessTtlSeconds: number
  refreshTtlSeconds: number
}

export interface JwtEnvironment {
  nodeEnv: string
  appKey: string
  jwtSecret?: string
  issuer?: string
  audience?: string
  accessTtl?: string
  refreshTtl?: string
}

const ALGORITHM = 'HS256'
const MIN_SECRET_LENGTH = 32
/* Verified access tokens kept per process (~1 KB each), see verify(). */
export const VERIFIED_ACCESS_TOKENS = 2_000

/* Raised for any token that must not be accepted; callers map it to 401. */
export class InvalidTokenError extends Error {}

/*
 * Signs and verifies the app's JWTs with jose. Verification pins everything an
 * attacker could vary: the algorithm (HS256 only, so `alg: none` and RS/ES
 * confusion fail), the issuer, the audience and our own `typ` claim, so an
 * access token is never accepted where a refresh token is expected or back.
 */
export class TokenService {
  readonly accessTtlSeconds: number
  readonly refreshTtlSeconds: number
  readonly #secret: Uint8Array
  readonly #csrfKey: Buffer
  readonly #issuer: string
  readonly #audience: string
  readonly #verifiedAccessTokens = new LRUCache<string, Readonly<TokenClaims>>({
    max: VERIFIED_ACCESS_TOKENS,
  })

  constructor(options: TokenServiceOptions) {
    this.#secret = options.secret
    this.#csrfKey = Buffer.from(hkdfSync('sha256', options.secret, 'hankki-eolma', 'csrf', 32))
    this.#issuer = options.issuer
    this.#audience = options.audience
    this.accessTtlSeconds = options.accessTtlSeconds
    this.refreshTtlSeconds = options.refreshTtlSeconds
  }

  /*
   * The signing material: JWT_SECRET when set, else derived from APP_KEY with
   * HKDF (so the JWT key is never the encryption key itself). In production a
   * missing or short secret stops the boot instead of signing with weak material.
   */
  static fromEnvironment(environment: JwtEnvironment): TokenService {
    const production = environment.nodeEnv === 'production'
    const jwtSecret = environment.jwtSecret ?? ''
    let secret: Uint8Array

    if (jwtSecret) {
      if (jwtSecret.length < MIN_SECRET_LENGTH && production) {
        throw new Error(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`)
      }
      secret = new TextEncoder().encode(jwtSecret)
    } else {
      if (environment.appKey.length < MIN_SECRET_LENGTH && production) {
        throw new Error(
          `Set JWT_SECRET or an APP_KEY of at least ${MIN_SECRET_LENGTH} characters to sign tokens`
        )
      }
      secret = new Uint8Array(
        hkdfSync('sha256', environment.appKey, 'hankki-eolma', 'jwt-hs256-signing-key', 32)
      )
    }

    return new TokenService({
      secret,
      issuer: environment.issuer || 'hankki-eolma',
      audience: environment.audience || 'hankki-eolma-spa',
      accessTtlSeconds: string.seconds.parse(environment.accessTtl || '30m'),
      refreshTtlSeconds: string.seconds.parse(environment.refreshTtl || '14d'),
    })
  }

  static newId() {
    return randomUUID()
  }

  /*
   * The access + refresh pair for a session; each carries its own csrf value.
   * Fresh token ids unless `ids` names them: signing is deterministic (HS256
   * over the same claims, csrf derived from the jti), so the same subject, ids
   * and `now` give the identical pair again; that is how a refresh within the
   * reuse leeway answers the pair the first refresh got (AuthSessions.refresh).
   */
  async issuePair(
    subject: { memberId: number; username: string; sid: string },
    now = Math.floor(Date.now() / 1000),
    ids: { accessJti: string; refreshJti: string } = {
      accessJti: TokenService.newId(),
      refreshJti: TokenService.newId(),
    }
  ): Promise<TokenPair> {
    const [access, refresh] = await Promise.all([
      this.sign({ ...subject, typ: 'access' }, now, { jti: ids.accessJti }),
      this.sign({ ...subject, typ: 'refresh' }, now, { jti: ids.refreshJti }),
    ])
    return { access, refresh }
  }

  /* `overrides` lets the tests forge edge cases (an expired token, a reused jti). */
  async sign(
    subject: { memberId: number; username: string; sid: string; typ: TokenType },
    now = Math.floor(Date.now() / 1000),
    overrides: Partial<TokenClaims> = {}
  ): Promise<IssuedToken> {
    const ttl = subject.typ === 'access' ? this.accessTtlSeconds : this.refreshTtlSeconds
    const jti = overrides.jti ?? TokenService.newId()
    const claims: TokenClaims = {
      sub: String(subject.memberId),
      username: subject.username,
      typ: subject.typ,
      jti,
      sid: subject.sid,
      csrf: this.#csrfFor(jti),
      iat: now,
      exp: now + ttl,
      ...overrides,
    }
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setIssuer(this.#issuer)
      .setAudience(this.#audience)
      .sign(this.#secret)
    return { token, claims }
  }

  /**
   * Verifies a token of the expected type; anything else is an InvalidTokenError.
   *
   * Access tokens whose signature and claims have been verified are kept by
   * their exact text (VERIFIED_ACCESS_TOKENS, least recently used dropped
   * first), because the SPA sends the same one with every request for its
   * lifetime: jose verifies the HMAC through WebCrypto, a job on libuv's pool,
   * which was about a tenth of an authenticated like's CPU time. A kept token
   * is still checked for its type and expiry at every use, and the guard still
   * asks the token store whether its session is alive, so logout and rotation
   * revoke it as before. Any other text, a single character apart, is verified
   * in full.
   */
  async verify(
    token: string,
    expected: TokenType,
    now = Math.floor(Date.now() / 1000)
  ): Promise<TokenClaims> {
    let claims = this.#verifiedAccessTokens.get(token)
    if (!claims) {
      claims = await this.#verifySignatureAndClaims(token, now)
      if (claims.typ === 'access') {
        this.#verifiedAccessTokens.set(token, claims)
      }
    }
    /* jose's rule: expired once `exp` is not after now. */
    if (claims.typ !== expected || claims.exp <= now) {
      throw new InvalidTokenError('invalid token')
    }
    return { ...claims }
  }

  /*
   * A token's csrf value: an HMAC of its jti (random, unique) under a key
   * derived from the signing secret, so it is as unguessable as a random value
   * without the secret, and nothing secret has to be stored to sign the same
   * token again.
   */
  #csrfFor(jti: string) {
    return createHmac('sha256', this.#csrfKey)
      .update(jti)
      .digest()
      .subarray(0, 24)
      .toString('base64url')
  }

  async #verifySignatureAndClaims(token: string, now: number): Promise<TokenClaims> {
    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(token, this.#secret, {
        algorithms: [ALGORITHM],
        issuer: this.#issuer,
        audience: this.#audience,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
        currentDate: new Date(now * 1000),
      }))
    } catch {
      throw new InvalidTokenError('invalid token')
    }

    const { sub, username, typ, jti, sid, csrf, iat, exp } = payload as Partial<TokenClaims>
    if (
      (typ !== 'access' && typ !== 'refresh') ||
      typeof sub !== 'string' ||
      !/^[1-9]\d*$/.test(sub) ||
      typeof username !== 'string' ||
      typeof jti !== 'string' ||
      typeof sid !== 'string' ||
      typeof csrf !== 'string' ||
      typeof iat !== 'number' ||
      typeof exp !== 'number'
    ) {
      throw new InvalidTokenError('invalid token')
    }
    return Object.freeze({ sub, username, typ, jti, sid, csrf, iat, exp })
  }
}

/* Compares two secrets in time independent of where they differ. */
export function safeEqual(a: string | undefined | null, b: string) {
  if (typeof a !== 'string') {
    return false
  }
  const left = createHash('sha256').update(a).digest()
  const right = createHash('sha256').update(b).digest()
  return timingSafeEqual(left, right)
}
