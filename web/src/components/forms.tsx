// Accessible form pieces: every input has a <label>, hints and errors are tied to it with
// aria-describedby, and a form's error is announced through an aria-live region.
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

type InputProps = {
  label: string;
  name?: string;
  type?: 'text' | 'password' | 'number' | 'url' | 'date';
  autoComplete?: string;
  required?: boolean;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'url';
  step?: string;
  placeholder?: string;
  hint?: string;
  error?: string | null;
  value: string;
  onValue: (value: string) => void;
};

export function TextField({ label, hint, error, value, onValue, name, type, autoComplete, required, inputMode, step, placeholder }: InputProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        onInput={(e) => onValue((e.target as HTMLInputElement).value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
        name={name}
        type={(type ?? 'text') as 'text'}
        autoComplete={autoComplete}
        required={required}
        inputMode={inputMode}
        step={step}
        placeholder={placeholder}
      />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error-text" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextArea(props: { label: string; value: string; onValue: (v: string) => void; error?: string | null; required?: boolean; name?: string }) {
  const id = useId();
  return (
    <div class={`field${props.error ? ' field--error' : ''}`}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={3}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onInput={(e) => props.onValue((e.target as HTMLTextAreaElement).value)}
      />
      {props.error && (
        <p class="error-text" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

export function Select(props: {
  label: string;
  value: string;
  onValue: (v: string) => void;
  options: { value: string; label: string }[];
  error?: string | null;
  name?: string;
  required?: boolean;
}) {
  const id = useId();
  return (
    <div class={`field${props.error ? ' field--error' : ''}`}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onValue((e.target as HTMLSelectElement).value)}
      >
        {props.options.map((o) => (
          <option value={o.value}>{o.label}</option>
        ))}
      </select>
      {props.error && (
        <p class="error-text" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** The form-level message: always in the DOM so screen readers hear it when it changes. */
export function FormStatus({ error, status }: { error?: string | null; status?: string | null }) {
  return (
    <div class="form-status" aria-live="assertive" role="alert">
      {error ? <p class="error-box">{error}</p> : null}
      {!error && status ? <p class="ok-box">{status}</p> : null}
    </div>
  );
}

export function Button(props: { children: ComponentChildren; busy?: boolean; kind?: 'primary' | 'secondary' | 'danger'; type?: 'submit' | 'button'; onClick?: () => void; disabled?: boolean; name?: string }) {
  return (
    <button
      type={props.type ?? 'button'}
      class={`btn btn--${props.kind ?? 'primary'}`}
      disabled={props.busy || props.disabled}
      aria-busy={props.busy ? 'true' : undefined}
      onClick={props.onClick}
      name={props.name}
    >
      {props.children}
    </button>
  );
}
