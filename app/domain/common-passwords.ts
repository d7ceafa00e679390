/**
 * Passwords too common to allow: the most used ones worldwide and in China (digits, keyboard
 * walks, pinyin and love numbers), lower-cased. A password is refused when it is on this list or
 * is one of these with only digits or punctuation added. The list is short on purpose: the length
 * rule (10 characters) already rules out most of the longer lists' entries.
 */
const COMMON = [
  '123456', '1234567', '12345678', '123456789', '1234567890', '12345678910', '0123456789', '987654321', '9876543210',
  '111111', '1111111111', '000000', '0000000000', '888888', '8888888888', '666666', '6666666666', '123123', '123123123',
  '112233', '11223344', '121212', '123321', '654321', '147258369', '159357', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx',
  '1qaz2wsx3edc', 'qwerty', 'qwerty123', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qazwsx', 'qazwsxedc', 'asd123', 'abc123',
  'abcd1234', 'abcdefg', 'abcdefgh', 'a123456', 'a12345678', 'a123456789', 'aa123456', 'aa12345678', 'qq123456',
  'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'admin', 'admin123', 'admin1234', 'administrator',
  'root', 'root123', 'letmein', 'welcome', 'welcome1', 'iloveyou', 'iloveyou1', 'monkey', 'dragon', 'master', 'sunshine',
  'princess', 'football', 'baseball', 'shadow', 'superman', 'michael', 'trustno1', 'changeme', 'default', 'test123',
  'woaini', 'woaini1314', 'woaini520', '5201314', '520520', '1314520', '5211314', 'aini1314', 'wangyang', 'zhangwei',
  'liwei', 'wang123456', 'zhang123456', 'li123456', 'huang123', 'zxc123456', 'zxcvbnm123', 'qweasdzxc', 'qweqwe',
  'taobao', 'taobao123', 'jingdong', 'kefu123', 'kefu123456', 'composure', 'composure-demo', 'congrong', 'congrong123',
]

const SET = new Set(COMMON)

/** Whether a password is a common one, or a common one with digits or punctuation around it. */
export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase()
  if (SET.has(p)) return true
  const core = p.replace(/^[\d\p{P}\p{S}]+|[\d\p{P}\p{S}]+$/gu, '')
  if (core && SET.has(core)) return true
  // One character repeated, or a plain run of digits.
  return /^(.)\1+$/u.test(p) || /^\d+$/.test(p) && (p.length < 12 || '01234567890123456789'.includes(p) || '98765432109876543210'.includes(p))
}
