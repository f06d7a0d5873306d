import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter } from "react-router-dom";
import { ApiError, setApiLanguage } from "./api/client";
import { initI18n } from "./i18n";
import { LanguageProvider } from "./shell/LanguageProvider";
import { AuthProvider } from "./auth/AuthContext";
import App, { preloadScreen } from "./App";
import { fetchObjects } from "./api/meta";

setApiLanguage(initI18n().language); // before the first request (the prefetch below)
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // 4xx answers will not change by asking again; network trouble may.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status < 500),
    },
  },
});

// A deep link: fetch the metadata and the screen's code while /me is checked,
// instead of one after the other.
if (window.location.pathname !== "/login") {
  void queryClient.prefetchQuery({ queryKey: ["meta", "objects"], queryFn: fetchObjects,
    staleTime: 5 * 60_000 });
  preloadScreen(window.location.pathname);
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <LanguageProvider>
        <BrowserRouter>
          <AuthProvider>
            <App />
          </AuthProvider>
        </BrowserRouter>
      </LanguageProvider>
    </QueryClientProvider>
  </StrictMode>,
);
