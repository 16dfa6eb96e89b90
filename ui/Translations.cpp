#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace NetPulse {

void installTranslations(QCoreApplication &app)
{
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    auto *ours = new QTranslator(&app);
    if (ours->load(QLocale(), QStringLiteral("netpulse"), QStringLiteral("_"), QStringLiteral(":/netpulse/i18n")) ||
        ours->load(QStringLiteral(":/netpulse/i18n/netpulse_en.qm")))
        QCoreApplication::installTranslator(ours);
}

} // namespace NetPulse
