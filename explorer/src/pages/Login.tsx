import { useState, type FormEvent } from "react";
import { saveToken } from "../session";

/** The login form: a token from `udi-ledger token add`, kept for this browser session only. */
export function Login({ message, onLogin }: { message: string | null; onLogin: () => void }) {
  const [token, setToken] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) return;
    saveToken(token.trim());
    onLogin();
  };
  return (
    <main className="login">
      <h1>udi-ledger explorer</h1>
      <p>Medical-device traceability: check a device before use, follow a recall, answer an auditor.</p>
      {message ? (
        <p className="problem" role="alert">
          <strong>Please log in again</strong>
          <span>{message}</span>
        </p>
      ) : null}
      <form onSubmit={submit}>
        <label htmlFor="token">Access token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="udi_…"
          required
        />
        <button type="submit">Log in</button>
      </form>
      <p className="muted small">
        The token is kept in this browser tab only and forgotten when it closes. Your administrator issues tokens with{" "}
        <code>udi-ledger token add</code>; a link ending in <code>#token=…</code> logs in directly.
      </p>
    </main>
  );
}
