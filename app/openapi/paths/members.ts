/* OpenAPI paths of contract §2–§3 (members and sessions). */
import { envelope, ref } from '#openapi/schemas'
import {
  DELETE_FORBIDDEN_MESSAGE,
  DUPLICATE_EMAIL_MESSAGE,
  DUPLICATE_USERNAME_MESSAGE,
  LOGIN_FAILED_MESSAGE,
  MEMBER_NOT_FOUND_MESSAGE,
  SUCCESS_MESSAGES,
  USERNAME_TAKEN_MESSAGE,
} from '#contract/messages'
import {
  type Operation,
  propertiesOf,
  reply,
  failed,
  failedWith,
  unknownId,
  setsAuthCookies,
  rateLimited,
  readAuth,
  writeAuth,
  idParam,
  op,
  body,
  common,
  commonRead,
  refreshOperation,
} from '#openapi/operations'

export const membersPaths: Record<string, Record<string, Operation>> = {
  /* §3 Members */
  '/members/forms': {
    post: op('members', 'signUp', 'Sign up', {
      security: [{}],
      requestBody: body(ref('SignUpRequest')),
      responses: {
        201: reply('Created', envelope(SUCCESS_MESSAGES.signUp, { user_id: { type: 'integer' } })),
        409: failedWith(
          'Username or email taken',
          DUPLICATE_USERNAME_MESSAGE,
          DUPLICATE_EMAIL_MESSAGE
        ),
        422: failed('ValidationFailed'),
        429: failed('TooManyRequests'),
        ...common,
      },
    }),
  },
  '/members/validation': {
    post: op('members', 'checkUsername', 'Is a username still free?', {
      security: [{}],
      requestBody: body(ref('UsernameCheckRequest')),
      responses: {
        200: reply('Free', envelope(SUCCESS_MESSAGES.usernameFree)),
        409: failedWith('Taken (case-insensitively)', USERNAME_TAKEN_MESSAGE),
        422: failed('ValidationFailed'),
        ...common,
      },
    }),
  },
  '/members/login': {
    post: op('members', 'login', 'Log in: issues an access and a refresh token', {
      security: [{}],
      requestBody: body(ref('LoginRequest')),
      responses: {
        200: reply(
          'Logged in',
          envelope(SUCCESS_MESSAGES.login, {
            user_id: { type: 'integer' },
            username: { type: 'string' },
            ...propertiesOf('TokenPair'),
          }),
          { ...setsAuthCookies, ...rateLimited }
        ),
        401: failedWith(
          'Unknown username or wrong password (same answer for both)',
          LOGIN_FAILED_MESSAGE
        ),
        422: failed('ValidationFailed'),
        429: failed('TooManyRequests'),
        ...common,
      },
    }),
  },
  '/members/logout': {
    post: op('members', 'logout', 'Log out: revokes the session and clears the cookies', {
      security: writeAuth,
      parameters: [
        {
          name: 'all',
          in: 'query',
          required: false,
          description: 'true: revoke every session of the member',
          schema: { type: 'boolean', default: false },
        },
      ],
      responses: {
        200: reply('Logged out', envelope(SUCCESS_MESSAGES.logout), setsAuthCookies),
        401: failed('Unauthorized'),
        403: failed('Forbidden'),
        ...common,
      },
    }),
  },
  '/members/tokens': {
    get: refreshOperation('get'),
    post: refreshOperation('post'),
  },
  '/members/me': {
    get: op('members', 'me', 'The authenticated member', {
      security: readAuth,
      responses: {
        200: reply('The member', envelope(null, { member: ref('Member') })),
        401: failed('Unauthorized'),
        ...commonRead,
      },
    }),
  },
  '/members/{id}': {
    delete: op(
      'members',
      'deleteMember',
      'Delete your account (cascades posts, comments, likes, sessions)',
      {
        security: writeAuth,
        parameters: [idParam('Member id (must be the caller)')],
        responses: {
          200: reply(
            'Deleted',
            envelope(SUCCESS_MESSAGES.deleteMember, { user_id: { type: 'integer' } })
          ),
          401: failed('Unauthorized'),
          403: failedWith('Not your account, or CSRF check failed', DELETE_FORBIDDEN_MESSAGE),
          404: unknownId('Unknown member', MEMBER_NOT_FOUND_MESSAGE),
          ...commonRead,
        },
      }
    ),
  },
}
