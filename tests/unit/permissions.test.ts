import { describe, expect, test } from 'vitest'
import { can, canForAnyone, homePath, type Action, type Actor, type Entity, type Role } from '#app/domain/permissions.ts'

const TEAM = 'team-1'
const actor = (roles: Role[], ledTeamIds: string[] = []): Actor => ({ id: 'me', roles, ledTeamIds })
const own = { userId: 'me', teamId: TEAM }
const teammate = { userId: 'other', teamId: TEAM }
const stranger = { userId: 'far', teamId: 'team-2' }

// role, action, entity, [own, teammate (in a team the actor leads, for leads), stranger]
const MATRIX: [Role, Action, Entity, [boolean, boolean, boolean]][] = [
  ['trainee', 'read', 'quiz-attempt', [true, false, false]],
  ['trainee', 'create', 'quiz-attempt', [true, false, false]],
  ['trainee', 'read', 'progress', [true, false, false]],
  ['trainee', 'manage', 'user', [false, false, false]],
  ['trainee', 'create', 'roleplay-attempt', [true, false, false]],
  ['trainee', 'read', 'roleplay-attempt', [true, false, false]],
  ['lead', 'read', 'roleplay-attempt', [true, true, false]],
  ['trainer', 'read', 'roleplay-attempt', [true, true, true]],
  ['admin', 'read', 'roleplay-attempt', [false, false, false]],
  ['trainee', 'read', 'team', [false, false, false]],
  ['lead', 'read', 'quiz-attempt', [true, true, false]],
  ['lead', 'read', 'progress', [true, true, false]],
  ['lead', 'create', 'quiz-attempt', [false, false, false]],
  ['lead', 'manage', 'user', [false, false, false]],
  ['trainer', 'read', 'quiz-attempt', [true, true, true]],
  ['trainer', 'create', 'quiz-attempt', [true, false, false]],
  ['trainer', 'manage', 'user', [false, false, false]],
  ['admin', 'manage', 'user', [true, true, true]],
  ['admin', 'read', 'team', [true, true, true]],
  ['admin', 'create', 'refresher', [true, true, true]],
  ['admin', 'read', 'quiz-attempt', [false, false, false]],
  ['trainee', 'read', 'certification', [true, false, false]],
  ['lead', 'read', 'certification', [true, true, false]],
  ['trainer', 'read', 'certification', [true, true, true]],
  ['admin', 'read', 'certification', [true, true, true]],
  ['admin', 'manage', 'certification', [true, true, true]],
  ['lead', 'manage', 'certification', [false, false, false]],
  ['trainer', 'manage', 'certification', [false, false, false]],
  ['lead', 'create', 'refresher', [true, true, false]],
  ['trainer', 'create', 'refresher', [false, false, false]],
  ['trainee', 'create', 'refresher', [false, false, false]],
  ['admin', 'use', 'learning', [false, false, false]],
]

describe('permission matrix', () => {
  test.each(MATRIX)('%s may %s %s: own/teammate/stranger = %j', (role, action, entity, expected) => {
    const a = actor([role], role === 'lead' ? [TEAM] : [])
    expect([own, teammate, stranger].map((o) => can(a, action, entity, o))).toEqual(expected)
  })

  test('a lead reaches only the teams they lead', () => {
    expect(can(actor(['lead'], ['team-2']), 'read', 'progress', teammate)).toBe(false)
    expect(can(actor(['lead'], ['team-2']), 'read', 'progress', stranger)).toBe(true)
  })

  test('someone without a team is nobody’s teammate', () => {
    expect(can(actor(['lead'], [TEAM]), 'read', 'quiz-attempt', { userId: 'x', teamId: null })).toBe(false)
  })

  test('only trainers reach everyone’s attempts', () => {
    expect(canForAnyone(actor(['trainer']), 'read', 'quiz-attempt')).toBe(true)
    expect(canForAnyone(actor(['lead'], [TEAM]), 'read', 'quiz-attempt')).toBe(false)
    expect(canForAnyone(actor(['admin']), 'read', 'quiz-attempt')).toBe(false)
  })

  test('roles add up', () => {
    const both = actor(['trainee', 'admin'])
    expect(can(both, 'use', 'learning', own)).toBe(true)
    expect(can(both, 'manage', 'user')).toBe(true)
  })

  test.each([
    [['trainee'], '/learn'],
    [['trainer'], '/trainer'],
    [['lead'], '/team'],
    [['admin'], '/admin/users'],
    [['trainee', 'lead'], '/team'],
  ] as [Role[], string][])('%j lands on %s', (roles, path) => {
    expect(homePath(roles)).toBe(path)
  })
})
