import { createContext, useContext } from 'react'

/** The Content-Security-Policy nonce of the page being rendered (server only; empty in the browser). */
export const NonceContext = createContext('')

export const useNonce = () => useContext(NonceContext)
