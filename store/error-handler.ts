/**
 * Every error as `{"detail": ...}` with its status (Elysia's own codes mapped as the tutorial's FastAPI
 * answers them), a known path with a wrong method as 405 with Allow, anything unexpected as a logged 500.
 */
import { Elysia } from "elysia";
import { StoreHttpError, validationDetail } from "./errors.ts";
import { allowedMethods, methodNotAllowed } from "./openapi-contract.ts";

/** `routes` reads the finished app's routes (plugins mount after this one). */
export function storeErrors(routes: () => readonly { method: string; path: string }[]) {
  return new Elysia({ name: "store-errors" }).onError({ as: "global" }, ({ code, error, set, request }) => {
    if (error instanceof StoreHttpError) {
      set.status = error.status;
      return error.body;
    }
    if (code === "PARSE" && error.cause instanceof StoreHttpError) {
      set.status = error.cause.status;
      return error.cause.body;
    }
    if (code === "VALIDATION") {
      set.status = 422;
      return { detail: validationDetail(error) };
    }
    if (code === "PARSE") {
      set.status = 422;
      return { detail: `Unreadable request body: ${error.message}` };
    }
    if (code === "NOT_FOUND") {
      const allowed = allowedMethods(routes(), new URL(request.url).pathname);
      if (allowed.length > 0) return methodNotAllowed(request.method, allowed);
      set.status = 404;
      return { detail: "Not Found" };
    }
    console.error(`store: unexpected error: ${(error as Error).stack ?? error}`);
    set.status = 500;
    return { detail: `Internal server error: ${(error as Error).message}` };
  });
}
