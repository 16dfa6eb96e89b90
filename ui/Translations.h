#pragma once

class QCoreApplication;

namespace NetPulse {

// Loads NetPulse's translation for the system's language, and Qt's own. Where there is none (and in
// English), the English one is loaded: it holds the plural forms, so "1 check" and "2 checks" come
// from one tr("%n check(s)") call. Source strings with %n must have an entry in
// resources/translations/netpulse_en.ts (the test TestTranslations checks).
void installTranslations(QCoreApplication &app);

} // namespace NetPulse
