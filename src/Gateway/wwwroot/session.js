// Who the page acts as: a bearer token and the tenant it names in X-Tenant-ID. Kept in sessionStorage (this tab only,
// gone when it closes). The token's claims are read only to show them; the gateway verifies the token itself.

const KEY = 'buildpeer.session';

export class Session {
  constructor(token, tenant) {
    this.token = token;
    this.claims = decodeClaims(token);
    this.tenants = [].concat(this.claims?.tenants ?? []);
    this.tenant = this.tenants.includes(tenant) ? tenant : this.tenants[0] ?? tenant ?? '';
  }

  get user() {
    return this.claims?.sub ?? '';
  }

  get roles() {
    return [].concat(this.claims?.role ?? []);
  }

  /** Tenant admin roles are per tenant in the token: `acme:admin` (see docs/architecture.md, "Access"). */
  get isTenantAdmin() {
    return this.roles.includes(`${this.tenant}:admin`);
  }

  /** Expiry as a Date, or null when the token carries none. */
  get expiresAt() {
    return typeof this.claims?.exp === 'number' ? new Date(this.claims.exp * 1000) : null;
  }

  get expired() {
    return this.expiresAt !== null && this.expiresAt.getTime() <= Date.now();
  }

  save() {
    sessionStorage.setItem(KEY, JSON.stringify({ token: this.token, tenant: this.tenant }));
  }

  static load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
      const session = saved?.token ? new Session(saved.token, saved.tenant) : null;
      return session && session.claims && !session.expired ? session : null;
    } catch {
      return null;
    }
  }

  static clear() {
    sessionStorage.removeItem(KEY);
  }
}

/** The payload of a JWT (the middle, base64url-encoded part), or null when it is not one. */
export function decodeClaims(token) {
  const parts = String(token).trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}
