import { useRef, useState, type FormEvent } from "react";
import { ApiProblem, getJson, segment } from "../api";
import type { CheckAnswer } from "../format";
import { navigate, paths } from "../router";
import { cleanScan, explorerPathOf } from "../udi";

/**
 * One box for any UDI: typed, pasted or scanned (a keyboard-wedge scanner types the raw element string with GS
 * separators or `]d2` and presses Enter; a phone camera gives a Digital Link URL). The service's check parses it;
 * a refused UDI shows the parser's message under the box.
 */
export function Find({ autoFocus = false }: { autoFocus?: boolean }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const udi = cleanScan(text);
    if (!udi) return;
    setBusy(true);
    setError(null);
    try {
      const check = await getJson<CheckAnswer>(`/check/${segment(udi)}`);
      navigate(explorerPathOf(udi) ?? paths.device(check.udi ?? udi));
    } catch (err) {
      if (err instanceof ApiProblem && err.status !== 401) {
        setError(err.detail);
        input.current?.focus();
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="find" onSubmit={submit} role="search">
      <label htmlFor="udi">Find a device: scan, paste or type its UDI</label>
      <div className="find-row">
        <input
          id="udi"
          ref={input}
          name="udi"
          autoFocus={autoFocus}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          inputMode="text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "udi-error" : "udi-help"}
          placeholder="(01)09506000134352(21)SN-1  or  https://id.gs1.org/01/…"
        />
        <button type="submit" disabled={busy}>
          {busy ? "Checking…" : "Find"}
        </button>
      </div>
      {error ? (
        <p id="udi-error" className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <p id="udi-help" className="muted small">
          Bracketed or raw element strings (with GS separators or <code>]d2</code>) and GS1 Digital Link URLs.
        </p>
      )}
    </form>
  );
}
