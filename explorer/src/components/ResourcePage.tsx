import type { ReactNode } from "react";
import { useJson } from "../api";
import { Status } from "./Status";

/** A page about one resource of the service: its `<main>` shows the resource once loaded, or the wait, or the problem. */
export function ResourcePage<T>({
  path,
  what,
  className,
  children,
}: {
  path: string;
  what: string;
  className?: string;
  children: (data: T) => ReactNode;
}) {
  const loaded = useJson<T>(path);
  return (
    <main className={className}>
      <Status loaded={loaded} what={what}>
        {children}
      </Status>
    </main>
  );
}
