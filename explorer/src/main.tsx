import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { UNAUTHORIZED } from "./api";
import { LedgerBadge } from "./components/LedgerBadge";
import { Link } from "./components/Link";
import { Device } from "./pages/Device";
import { Home, Recalls } from "./pages/Home";
import { Login } from "./pages/Login";
import { Organisation } from "./pages/Organisation";
import { Ledger, LotPage, ShipmentPage } from "./pages/Others";
import { Recall } from "./pages/Recall";
import { useRoute, type Route } from "./router";
import { forgetToken, sessionToken, takeTokenFromFragment } from "./session";
import "./styles.css";

takeTokenFromFragment();

function App() {
  const route = useRoute();
  const [loggedIn, setLoggedIn] = useState(() => sessionToken() !== null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    const refused = (e: Event) => {
      setMessage(`The service refused the token: ${(e as CustomEvent<string>).detail}.`);
      setLoggedIn(false);
    };
    window.addEventListener(UNAUTHORIZED, refused);
    return () => window.removeEventListener(UNAUTHORIZED, refused);
  }, []);
  useEffect(() => {
    document.title = `${titleOf(route)} · udi-ledger explorer`;
  }, [route]);
  if (!loggedIn)
    return (
      <Login
        message={message}
        onLogin={() => {
          setMessage(null);
          setLoggedIn(true);
        }}
      />
    );
  const logout = () => {
    forgetToken();
    setMessage(null);
    setLoggedIn(false);
  };
  return (
    <>
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          udi-ledger
        </Link>
        <nav aria-label="Main">
          <Link to="/">Find</Link>
          <Link to="/recalls">Recalls</Link>
          <Link to="/ledger">Ledger</Link>
        </nav>
        <LedgerBadge />
        <button type="button" className="logout" onClick={logout}>
          Log out
        </button>
      </header>
      <div id="content" className="content">
        <Page route={route} />
      </div>
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "home":
      return <Home />;
    case "device":
      return <Device key={route.udi} udi={route.udi} />;
    case "recalls":
      return (
        <main>
          <Recalls />
        </main>
      );
    case "recall":
      return <Recall key={route.id} id={route.id} />;
    case "organisation":
      return <Organisation key={route.gln} gln={route.gln} />;
    case "lot":
      return <LotPage key={`${route.gtin}/${route.lot}`} gtin={route.gtin} lot={route.lot} />;
    case "shipment":
      return <ShipmentPage key={route.id} id={route.id} />;
    case "ledger":
      return <Ledger />;
    default:
      return (
        <main>
          <h1>Page not found</h1>
          <p>
            Nothing at <span className="mono">{route.path}</span>. <Link to="/">Find a device</Link>.
          </p>
        </main>
      );
  }
}

function titleOf(route: Route): string {
  switch (route.page) {
    case "device":
      return "Device";
    case "recall":
      return `Recall ${route.id}`;
    case "organisation":
      return `GLN ${route.gln}`;
    case "lot":
      return `Lot ${route.lot}`;
    case "shipment":
      return `Shipment ${route.id}`;
    default:
      return route.page === "home" ? "Find a device" : route.page;
  }
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
