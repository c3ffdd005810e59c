import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'

/*
 * Korean texts for the validation rules; `field` is the path as reported in
 * `errors[].field` (e.g. `post.title`, `ingredients.2.id`).
 */
const MESSAGES: Record<string, string> = {
  'required': '{{ field }} 값이 필요함',
  'string': '{{ field }} 값은 문자열이어야 함',
  'number': '{{ field }} 값은 숫자여야 함',
  'object': '{{ field }} 값은 객체여야 함',
  'array': '{{ field }} 값은 배열이어야 함',
  'minLength': '{{ field }} 값은 {{ min }}자 이상이어야 함',
  'maxLength': '{{ field }} 값은 {{ max }}자 이하여야 함',
  'array.maxLength': '{{ field }} 항목은 {{ max }}개 이하여야 함',
  'withoutDecimals': '{{ field }} 값은 정수여야 함',
  'min': '{{ field }} 값은 {{ min }} 이상이어야 함',
  'max': '{{ field }} 값은 {{ max }} 이하여야 함',
  'range': '{{ field }} 값은 {{ min }} 이상 {{ max }} 이하여야 함',
  'positive': '{{ field }} 값은 양수여야 함',
  'enum': '{{ field }} 값은 {{ choices }} 중 하나여야 함',
  'email': '{{ field }} 값은 올바른 이메일 주소여야 함',
  'regex': '{{ field }} 값의 형식이 올바르지 않음',
  'text': '{{ field }} 값에 NUL 문자나 짝이 없는 서로게이트가 있으면 안 됨',
  'username.regex': '{{ field }} 값은 문자, 숫자, _ . - 만 쓸 수 있음',
  'username.canonicalLength':
    '{{ field }} 값은 정규화한 형태로 {{ min }}자 이상 {{ max }}자 이하여야 함',
}

/* For a rule without a Korean text above (a rule added later, a framework rule). */
const FALLBACK = '{{ field }} 값이 올바르지 않음'
const HANGUL = /[\uAC00-\uD7A3]/

/*
 * Every errors[].message is Korean (contract §1): a rule without a Korean
 * text gets the generic one instead of VineJS's English default.
 */
class KoreanMessagesProvider extends SimpleMessagesProvider {
  getMessage(rawMessage: string, rule: string, field: FieldContext, args?: Record<string, any>) {
    const message = super.getMessage(rawMessage, rule, field, args)
    return HANGUL.test(message) ? message : super.getMessage(FALLBACK, rule, field, args)
  }
}

export const koreanMessages = new KoreanMessagesProvider(MESSAGES)

/*
 * Set once, globally: vine.create() copies the global provider into each
 * validator it makes, and every validator module imports this one (through
 * #validators/rules) before it creates its validators.
 */
vine.messagesProvider = koreanMessages
