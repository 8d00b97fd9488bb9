// The part of @microsoft/signalr the hub transport uses, so the SDK needs no dependency on it: the caller hands
// over its own client (a bundle's import, or the page's vendored signalr.min.js) and any version that has these
// methods will do.

/** A SignalR HubConnection, as far as the transport uses one. */
export interface HubConnectionLike {
  start(): Promise<void>;
  stop(): Promise<void>;
  invoke(methodName: string, ...args: unknown[]): Promise<unknown>;
  on(methodName: string, handler: (...args: any[]) => void): void;
  onclose(callback: (error?: Error) => void): void;
  /** Present when the builder was given `withAutomaticReconnect()`: joins belong to a connection and are made again. */
  onreconnected?(callback: (connectionId?: string) => void): void;
  /** Likewise: the connection went and is being made again; nothing arrives until it is back. */
  onreconnecting?(callback: (error?: Error) => void): void;
}

/** A SignalR HubConnectionBuilder without its URL yet: the transport adds the hub's URL and the token. */
export interface HubConnectionBuilderLike {
  withUrl(url: string, options: { accessTokenFactory: () => string | Promise<string> }): HubConnectionBuilderLike;
  build(): HubConnectionLike;
}
