/*
 * Every message of the wire contract (shared/api-contract.md), word for word.
 * Services, validators, the exception handler and the OpenAPI document import
 * them from here, so a message is changed in one place.
 */

/* Default message per status, for failures that carry none of the ones below. */
export const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  400: '잘못된 요청 형식',
  401: '인증이 필요합니다',
  403: '권한이 없음',
  404: '존재하지 않는 경로',
  405: '허용되지 않는 메서드',
  413: '요청 본문이 너무 큼',
  415: '지원하지 않는 형식',
  422: '입력값이 올바르지 않음',
  429: '요청이 너무 많음',
  500: '서버 오류',
  503: '서비스를 일시적으로 사용할 수 없음',
}

export const BAD_REQUEST_MESSAGE = STATUS_MESSAGES[400]
/* A body that is not valid UTF-8 (contract §1): the same answer as a body that is not JSON. */
export const BODY_NOT_UTF8_MESSAGE = BAD_REQUEST_MESSAGE
export const UNSUPPORTED_ENCODING_MESSAGE = STATUS_MESSAGES[415]
export const VALIDATION_FAILED_MESSAGE = STATUS_MESSAGES[422]
export const SERVER_ERROR_MESSAGE = STATUS_MESSAGES[500]

/* 401 */
export const MISSING_TOKEN_MESSAGE = STATUS_MESSAGES[401]
export const INVALID_TOKEN_MESSAGE = '유효하지 않은 토큰'
export const LOGIN_FAILED_MESSAGE = '등록되지 않은 아이디거나 비밀번호가 일치하지 않음'
export const REFRESH_FAILED_MESSAGE = 'refresh failed'

/* 403 */
export const CSRF_FAILED_MESSAGE = 'CSRF 토큰이 유효하지 않음'
export const EDIT_FORBIDDEN_MESSAGE = '수정 권한이 없음'
/* Deleting a recipe or a member account that is not yours. */
export const DELETE_FORBIDDEN_MESSAGE = '삭제 권한이 없음'
export const COMMENT_EDIT_FORBIDDEN_MESSAGE = '댓글 수정 권한이 없음'
export const COMMENT_DELETE_FORBIDDEN_MESSAGE = '댓글 삭제 권한이 없음'
export const OWN_POST_LIKE_MESSAGE = '자신이 작성한 레시피 좋아요 불가'
export const OWN_COMMENT_LIKE_MESSAGE = '자신이 작성한 댓글 좋아요 불가'

/* 404: a well-formed id that names nothing; anything else is ROUTE_NOT_FOUND. */
export const ROUTE_NOT_FOUND_MESSAGE = STATUS_MESSAGES[404]
export const POST_NOT_FOUND = '존재하지 않는 레시피'
export const COMMENT_NOT_FOUND = '존재하지 않는 댓글'
export const INGREDIENT_NOT_FOUND = '존재하지 않는 재료'
export const MEMBER_NOT_FOUND_MESSAGE = '존재하지 않는 회원'
export const LIKE_NOT_FOUND = '좋아요 기록 없음'
/* A plan that does not exist or is another member's: the same answer, so plans stay private. */
export const PLAN_NOT_FOUND = '존재하지 않는 식단'

/* 409 */
export const DUPLICATE_USERNAME_MESSAGE = '중복 가입'
export const DUPLICATE_EMAIL_MESSAGE = '이미 사용 중인 이메일'
export const USERNAME_TAKEN_MESSAGE = '이미 가입된 아이디입니다.'
export const DUPLICATE_LIKE = '중복 좋아요 불가'

/* 422 field messages written by the app rather than by a validation rule. */
export const MISSING_INGREDIENT_MESSAGE = INGREDIENT_NOT_FOUND
/* A meal's `post_id` that names no recipe (never written, or deleted). */
export const MISSING_RECIPE_MESSAGE = POST_NOT_FOUND
/* A recipe line's `measure` that is not a unit of contract §8. */
export const UNKNOWN_UNIT_MESSAGE =
  '{{ field }} 값은 g, kg, ml, L, 큰술, 작은술, 컵, 개 중 하나여야 함'

/* Success messages, per operation. */
export const SUCCESS_MESSAGES = {
  signUp: '회원가입 성공',
  usernameFree: '사용 가능한 아이디입니다.',
  login: '로그인 성공',
  logout: '로그아웃 성공',
  refresh: 'refresh success',
  me: '회원 정보 조회 성공',
  deleteMember: '회원 탈퇴 성공',
  listIngredients: '재료 목록 조회 성공',
  showIngredient: '재료 조회 성공',
  ingredientPrices: '재료 가격 이력 조회 성공',
  listPosts: '레시피 목록 조회 성공',
  showPost: '레시피 조회 성공',
  postCosts: '레시피 가격 이력 조회 성공',
  createPost: '레시피 등록 성공',
  editForm: '레시피 수정 폼 조회 성공',
  updatePost: '레시피 수정 성공',
  deletePost: '레시피 삭제 성공',
  likePost: '레시피 좋아요 성공',
  unlikePost: '레시피 좋아요 취소',
  createComment: '댓글 작성 성공',
  updateComment: '댓글 수정 성공',
  deleteComment: '댓글 삭제 성공',
  likeComment: '댓글 좋아요 성공',
  unlikeComment: '댓글 좋아요 취소',
  createPlan: '식단 등록 성공',
  listPlans: '식단 목록 조회 성공',
  showPlan: '식단 조회 성공',
  updatePlan: '식단 수정 성공',
  deletePlan: '식단 삭제 성공',
  shoppingList: '장보기 목록 조회 성공',
} as const
