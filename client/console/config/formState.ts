/** A settings form's values and failure, and the props that tie its labelled controls to them. */
import { useState } from 'react';
import type { FormError } from './errors.js';

/** The names of `F`'s values that are of type `V`. */
type KeysOf<F, V> = { [K in keyof F]-?: F[K] extends V ? K : never }[keyof F] & string;

/**
 * `{...field('name')}` gives a TextField or SelectField its name, value, change handler and the
 * issues for it; `{...check('name')}` does the same for a CheckField. A value typed as a union of
 * strings (a select's) takes what the control reports as one of them.
 */
export function bindFields<F extends object>(
  values: F,
  update: (patch: Partial<F>) => void,
  error: FormError | null,
) {
  return {
    field: <K extends KeysOf<F, string>>(name: K) => ({
      name,
      value: values[name] as string,
      onChange: (v: string) => update({ [name]: v } as Partial<F>),
      error,
    }),
    check: <K extends KeysOf<F, boolean>>(name: K) => ({
      name,
      checked: values[name] as boolean,
      onChange: (v: boolean) => update({ [name]: v } as Partial<F>),
    }),
  };
}

/** A form's values (starting at `initial`) and its failure, with `field`/`check` bound to both. */
export function useFormState<F extends object>(initial: F) {
  const [values, setValues] = useState<F>(initial);
  const [error, setError] = useState<FormError | null>(null);
  const update = (patch: Partial<F>): void => setValues((cur) => ({ ...cur, ...patch }));
  return { values, setValues, update, error, setError, ...bindFields(values, update, error) };
}
