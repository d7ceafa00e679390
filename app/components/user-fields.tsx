import { useTranslation } from 'react-i18next'
import { ROLES } from '#app/domain/permissions.ts'

/** Role checkboxes and team select, shared by the create and edit user forms. */
export function RoleAndTeamFields({
  teams,
  roles,
  teamId,
  errors,
}: {
  teams: { id: string; name: string }[]
  roles: readonly string[]
  teamId: string
  errors: Record<string, string>
}) {
  const { t } = useTranslation()
  return (
    <>
      <fieldset className="field" aria-describedby={errors.roles ? 'roles-error' : undefined}>
        <legend>{t('admin.roles')}</legend>
        <div className="checks">
          {ROLES.map((role) => (
            <label key={role} className="choice">
              <input type="checkbox" name="roles" value={role} defaultChecked={roles.includes(role)} />
              <span>{t(`roles.${role}`)}</span>
            </label>
          ))}
        </div>
        {errors.roles && (
          <p className="field-error" id="roles-error" role="alert">
            {t(errors.roles)}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor="teamId">{t('admin.team')}</label>
        <select id="teamId" name="teamId" defaultValue={teamId}>
          <option value="">{t('admin.noTeam')}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </div>
    </>
  )
}
