/** A labelled select with an "any" choice first, for filter forms. */
export function SelectField({
  id,
  label,
  name,
  value,
  options,
  any,
}: {
  id: string
  label: string
  name: string
  value: string | number | undefined
  options: readonly { value: string | number; label: string }[]
  /** The label of the empty choice; none when a value is always set. */
  any?: string
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ''}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}
