import type { ReactNode } from "react";
import type { Loaded } from "../api";

/** Renders a loaded resource, or says it is loading, or shows the service's problem detail. */
export function Status<T>({
  loaded,
  children,
  what,
}: {
  loaded: Loaded<T>;
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (loaded.state === "loading")
    return (
      <p className="loading" role="status">
        Loading {what}…
      </p>
    );
  if (loaded.state === "error") return <Problem status={loaded.problem.status} detail={loaded.problem.detail} />;
  return <>{children(loaded.data)}</>;
}

const EXPLAIN: Record<number, string> = {
  400: "This request was refused",
  403: "Your token may not see this",
  404: "Not in the ledger",
  0: "No answer",
};

export function Problem({ status, detail }: { status: number; detail: string }) {
  return (
    <div className="problem" role="alert">
      <strong>{EXPLAIN[status] ?? `Error ${status}`}</strong>
      <span>{detail}</span>
    </div>
  );
}
