/**
 * Patterns with slots: the trainer-readable way to say "a promise word, then an outcome" or
 * "a review, then something of value" without listing every sentence. Syntax:
 *   {slot}   one of the slot's words (the vocabulary's `slots`) or a built-in detector below
 *   …        up to 10 characters within the clause; …… up to 24 within the sentence
 *   (a|b)    alternatives; ? after a character or group makes it optional
 *   <!(a|b)  not right after a or b ("<!(我|帮您)联系快递": the customer is sent, not the agent)
 *   !>(a|b)  not followed by a or b ("到!>(底|位)": arrives, not 到底)
 * Everything else is literal text, in the normalised form (simplified, Chinese punctuation).
 */

/** Detectors every pattern can use: personal data, amounts, deadlines. */
export const DETECTORS: Record<string, string> = {
  phone: String.raw`(?:1[3-9]\d{9}|1[3-9]\d[*x]{4}\d{4}|\d{3}[*x]{4}\d{4})(?!\d)`,
  digits4: String.raw`(?<!\d)\d{4}(?!\d)`,
  idcard: String.raw`(?<!\d)(?:\d{17}[\dx]|\d{6}[*]{4,}\d{2,4})(?!\d)`,
  amount: String.raw`(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千半几]+)(?:块钱|块|元|毛|角|%|个点|成|倍)`,
  number: String.raw`(?:\d+|[一二两三四五六七八九十百千]+)`,
  deadline: String.raw`(?:今天|明天|后天|今晚|明早|明晚|周[一二三四五六日天末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|下周|\d+(?:号|日)|\d+点|(?:\d+|[一二两三四五六七八九十半]+)(?:个)?(?:小时|分钟|天|工作日|日))`,
  surname:
    '[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤]',
  place:
    '(?:北京|上海|天津|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门|杭州|南京|苏州|无锡|宁波|温州|广州|深圳|东莞|佛山|成都|武汉|西安|长沙|郑州|济南|青岛|合肥|福州|厦门|昆明|南宁|沈阳|大连|哈尔滨|长春|石家庄|太原|南昌|贵阳|兰州|乌鲁木齐|呼和浩特|海口|三亚)(?:省|市)?',
  address: String.raw`(?:\d+(?:号楼|栋|幢|单元|室|层|楼)|[\p{Script=Han}]{1,4}(?:路|街|大道|巷|弄)\d+号|[\p{Script=Han}]{2,4}(?:小区|花园|公寓|大厦|苑))`,
}

const CLAUSE_GAP = '[^，。！？；…\\n]{0,10}?'
const SENTENCE_GAP = '[^。！？\\n]{0,24}?'

export class PatternError extends Error {}

const escape = (s: string) => s.replace(/[.*+^$[\]\\/]/g, '\\$&')

/** Compiles a pattern to a regular expression; throws PatternError naming what is wrong. */
export function compilePattern(pattern: string, slots: ReadonlyMap<string, readonly string[]>): RegExp {
  let out = ''
  let depth = 0
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '{') {
      const end = pattern.indexOf('}', i)
      if (end < 0) throw new PatternError(`unclosed "{" at ${i + 1}`)
      const name = pattern.slice(i + 1, end)
      const words = slots.get(name)
      if (words)
        out += `(?:${[...words]
          .sort((a, b) => b.length - a.length)
          .map(escape)
          .join('|')})`
      else if (DETECTORS[name]) out += `(?:${DETECTORS[name]})`
      else throw new PatternError(`unknown slot {${name}} (define it under slots, or use ${Object.keys(DETECTORS).join(', ')})`)
      i = end
    } else if (c === '…') {
      if (pattern[i + 1] === '…') {
        out += SENTENCE_GAP
        i++
      } else out += CLAUSE_GAP
    } else if (c === '<' && pattern.startsWith('<!(', i)) {
      depth++
      out += '(?<!'
      i += 2
    } else if (c === '!' && pattern.startsWith('!>(', i)) {
      depth++
      out += '(?!'
      i += 2
    } else if (c === '(') {
      depth++
      out += '(?:'
    } else if (c === ')') {
      if (--depth < 0) throw new PatternError(`unmatched ")" at ${i + 1}`)
      out += ')'
    } else if (c === '|' || c === '?') {
      out += c
    } else {
      out += escape(c)
    }
  }
  if (depth !== 0) throw new PatternError('unclosed "("')
  try {
    return new RegExp(out, 'gu')
  } catch (e) {
    throw new PatternError((e as Error).message)
  }
}
