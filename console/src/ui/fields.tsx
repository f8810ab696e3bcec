/**
 * Labelled form controls. Each control is named by its API field path (`targets[0].sourcePort`),
 * so the API's field errors land on the control they name, announced with it.
 */
import type { ChangeEvent, ReactNode } from 'react';

export function fieldId(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
}

interface Common {
  name: string;
  label: string;
  hint?: string;
  errors?: readonly string[];
  /** Announced by the control itself (`required`): the label stays the field's plain name. */
  required?: boolean;
  className?: string;
}

function describedBy(id: string, hint?: string, errors?: readonly string[]): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Messages({ id, hint, errors }: { id: string; hint?: string; errors?: readonly string[] }) {
  return (
    <>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {errors && errors.length > 0 && (
        <p className="field-error" id={`${id}-error`}>
          {errors.join('; ')}
        </p>
      )}
    </>
  );
}

export function TextField(
  props: Common & { value: string; onChange(value: string): void; type?: string; inputMode?: 'numeric' | 'text' | 'email'; autoComplete?: string; placeholder?: string; min?: number; max?: number; step?: number | 'any' },
) {
  const id = fieldId(props.name);
  return (
    <div className={`field ${props.className ?? ''} ${props.errors?.length ? 'field--invalid' : ''}`}>
      <label htmlFor={id}>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete}
        placeholder={props.placeholder}
        min={props.min}
        max={props.max}
        step={props.step}
        required={props.required}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.errors)}
        onChange={(event: ChangeEvent<HTMLInputElement>) => props.onChange(event.target.value)}
      />
      <Messages id={id} hint={props.hint} errors={props.errors} />
    </div>
  );
}

export function TextAreaField(props: Common & { value: string; onChange(value: string): void; rows?: number }) {
  const id = fieldId(props.name);
  return (
    <div className={`field ${props.className ?? ''} ${props.errors?.length ? 'field--invalid' : ''}`}>
      <label htmlFor={id}>
        {props.label}
      </label>
      <textarea
        id={id}
        name={props.name}
        value={props.value}
        rows={props.rows ?? 3}
        required={props.required}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.errors)}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <Messages id={id} hint={props.hint} errors={props.errors} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: Common & { value: string; onChange(value: string): void; options: readonly Option[] }) {
  const id = fieldId(props.name);
  return (
    <div className={`field ${props.className ?? ''} ${props.errors?.length ? 'field--invalid' : ''}`}>
      <label htmlFor={id}>
        {props.label}
      </label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        required={props.required}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.errors)}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Messages id={id} hint={props.hint} errors={props.errors} />
    </div>
  );
}

/** A group of checkboxes (several values) or radios (one), as a fieldset with a legend. */
export function ChoiceGroup(
  props: Common & { kind: 'checkbox' | 'radio'; values: readonly string[]; onChange(values: string[]): void; options: readonly Option[]; inline?: boolean },
) {
  const id = fieldId(props.name);
  const toggle = (value: string, checked: boolean) => {
    if (props.kind === 'radio') props.onChange([value]);
    else props.onChange(checked ? [...props.values, value] : props.values.filter((v) => v !== value));
  };
  return (
    <fieldset
      className={`field choices ${props.inline ? 'choices--inline' : ''} ${props.className ?? ''} ${props.errors?.length ? 'field--invalid' : ''}`}
      id={id}
      aria-describedby={describedBy(id, props.hint, props.errors)}
    >
      <legend>
        {props.label}
      </legend>
      {props.options.map((option) => (
        <label key={option.value} className="choice">
          <input
            type={props.kind}
            name={props.name}
            value={option.value}
            checked={props.values.includes(option.value)}
            onChange={(event) => toggle(option.value, event.target.checked)}
          />
          {option.label}
        </label>
      ))}
      <Messages id={id} hint={props.hint} errors={props.errors} />
    </fieldset>
  );
}

export function Checkbox({ name, label, checked, onChange, hint }: { name: string; label: string; checked: boolean; onChange(checked: boolean): void; hint?: string }) {
  const id = fieldId(name);
  return (
    <div className="field field--checkbox">
      <label className="choice" htmlFor={id}>
        <input id={id} type="checkbox" name={name} checked={checked} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(event) => onChange(event.target.checked)} />
        {label}
      </label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function Section({ title, children, id, className }: { title: string; children: ReactNode; id: string; className?: string }) {
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}
