/** Injection token of the resolved HS256 secret. */
export const JWT_SECRET = Symbol('JWT_SECRET');
