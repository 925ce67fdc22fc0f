/** Labelled form controls: the label, the hint and the server's issues for the field sit together. */
import { useId, type ReactNode } from 'react';
import { t } from '../../i18n/index.js';
import type { FormError } from './errors.js';

type FieldProps = {
  label: string;
  name: string;
  error?: FormError | null;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
};

/** One labelled control with its hint and the server's issues for it right below. */
export function Field({ label, name, error, hint, children }: FieldProps) {
  const id = useId();
  const problems = error?.fields[name] ?? [];
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = problems.length ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field cfg-field">
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid: problems.length > 0 })}
      {hint ? (
        <span id={hintId} className="cfg-hint">
          {hint}
        </span>
      ) : null}
      {problems.length ? (
        <span id={errId} className="cfg-field-error" data-testid={`field-error-${name}`}>
          {problems.join(' · ')}
        </span>
      ) : null}
    </div>
  );
}

type TextProps = {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  error?: FormError | null;
  hint?: string;
  type?: 'text' | 'password' | 'number' | 'url' | 'datetime-local' | 'time' | 'date' | 'email' | 'tel';
  required?: boolean;
  disabled?: boolean;
  autoComplete?: string;
  step?: string;
};

/** A labelled text input. */
export function TextField({
  label,
  name,
  value,
  onChange,
  error,
  hint,
  type = 'text',
  required,
  disabled,
  autoComplete,
  step,
}: TextProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={name}
          type={type}
          value={value}
          required={required}
          disabled={disabled}
          step={step}
          autoComplete={autoComplete ?? 'off'}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          data-testid={`input-${name}`}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** An entry's id: required, and fixed once the entry is saved. */
export function IdField({
  isNew,
  ...rest
}: Omit<TextProps, 'required' | 'disabled' | 'hint'> & { isNew: boolean }) {
  return <TextField {...rest} required disabled={!isNew} hint={t('cfg.idHint')} />;
}

type SelectProps = {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly { value: string; label: string }[];
  error?: FormError | null;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
};

/** A labelled select. */
export function SelectField({
  label,
  name,
  value,
  onChange,
  options,
  error,
  hint,
  required,
  disabled,
}: SelectProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          name={name}
          value={value}
          required={required}
          disabled={disabled}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          data-testid={`input-${name}`}
          onChange={(e) => onChange(e.target.value)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A labelled checkbox. */
export function CheckField({
  label,
  name,
  checked,
  onChange,
  disabled,
}: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <label className="check cfg-check">
      <input
        type="checkbox"
        name={name}
        checked={checked}
        disabled={disabled}
        data-testid={`input-${name}`}
        onChange={(e) => onChange(e.target.checked)}
      />
      {label}
    </label>
  );
}
