#include "DataView.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include "Presentation.h"

#include "base/Duration.h"
#include "endpoints/WatchedEndpoint.h"
#include "probe/Redactor.h"

namespace NetPulse {

namespace {

// A glance at the data, not a viewer for megabytes.
constexpr qsizetype kShownBytes = 256 * 1024;

} // namespace

DataView::DataView(QWidget *parent)
    : QWidget(parent)
    , m_ribbon(new QLabel(this))
    , m_body(new QPlainTextEdit(this))
    , m_errorLabel(new QLabel(this))
    , m_errorResponse(new QPlainTextEdit(this))
{
    m_ribbon->setObjectName(QStringLiteral("cachedRibbon"));
    m_ribbon->setWordWrap(true);
    m_ribbon->setStyleSheet(Presentation::styleSheet(Presentation::Style::Ribbon));
    m_ribbon->setVisible(false);
    m_body->setObjectName(QStringLiteral("dataView"));
    m_body->setAccessibleName(tr("Response body"));
    m_errorLabel->setObjectName(QStringLiteral("errorResponseLabel"));
    m_errorResponse->setObjectName(QStringLiteral("errorResponseView"));
    m_errorResponse->setAccessibleName(tr("The failing response's headers and body"));
    for (QPlainTextEdit *view : {m_body, m_errorResponse}) {
        view->setReadOnly(true);
        view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    }
    m_body->setPlaceholderText(tr("No data yet."));
    // A caret to read the body line by line with the keyboard (a screen reader follows it); Tab
    // still moves on.
    for (QPlainTextEdit *view : {m_body, m_errorResponse}) {
        view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        view->setTabChangesFocus(true);
    }
    m_errorLabel->setVisible(false);
    m_errorResponse->setVisible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_ribbon);
    layout->addWidget(m_body, 3);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_errorResponse, 2);
    connect(Presentation::secondTicker(), &QTimer::timeout, this, &DataView::refreshRibbon);
}

QString DataView::prettyBody(const QByteArray &body)
{
    const QJsonDocument json = QJsonDocument::fromJson(body);
    if (!json.isNull())
        return QString::fromUtf8(json.toJson(QJsonDocument::Indented));
    QString text = QString::fromUtf8(body.left(kShownBytes));
    if (body.size() > kShownBytes)
        text += tr("\n… (%1 more bytes not shown)").arg(body.size() - kShownBytes);
    return text;
}

void DataView::setEndpoint(WatchedEndpoint *endpoint)
{
    if (m_endpoint)
        m_endpoint->disconnect(this);
    m_endpoint = endpoint;
    if (m_endpoint)
        connect(m_endpoint, &WatchedEndpoint::changed, this, &DataView::refresh);
    refresh();
}

void DataView::refresh()
{
    m_cachedAt = QDateTime();
    m_errorLabel->setVisible(false);
    m_errorResponse->setVisible(false);
    if (!m_endpoint) {
        showBody(QString());
        refreshRibbon();
        return;
    }
    const std::optional<ProbeResult> &result = m_endpoint->lastResult();
    const bool live = result && result->isOk() && result->httpStatus != 304;
    if (live) {
        showBody(prettyBody(result->body));
    } else if (const std::optional<CacheEntry> cached = m_endpoint->lastGood()) {
        // Not yet answered, a 304, or a failure: the stored data, said to be stored unless confirmed.
        showBody(prettyBody(cached->body));
        const bool confirmed = result && result->isOk();
        if (!confirmed) {
            m_cachedAt = cached->fetchedAt;
            m_cachedBecause = result ? Presentation::inlineTitle(result->description().title)
                                     : tr("from the cache, not yet confirmed");
        }
    } else {
        // Nothing of this endpoint's own to show: never leave another endpoint's data standing.
        showBody(QString());
    }
    m_body->setPlaceholderText(result && !result->isOk()
                                   ? tr("No data: the last check failed (%1) and no earlier good answer was kept.")
                                         .arg(Presentation::inlineTitle(result->description().title))
                                   : tr("No data yet."));
    if (result && result->httpStatus && *result->httpStatus >= 400) {
        QString text;
        for (const auto &header : result->responseHeaders)
            text += QString::fromLatin1(header.first) + QStringLiteral(": ") +
                    QString::fromLatin1(Redactor::redactHeaderValue(header.first, header.second)) + QLatin1Char('\n');
        text += QLatin1Char('\n') + prettyBody(result->body);
        m_errorLabel->setText(tr("The failing response itself (HTTP %1):").arg(*result->httpStatus));
        m_errorResponse->setPlainText(text);
        m_errorLabel->setVisible(true);
        m_errorResponse->setVisible(true);
    }
    refreshRibbon();
}

void DataView::showBody(const QString &text)
{
    // A healthy endpoint answers the same body check after check: setting it again would lay out
    // and repaint the whole view every second (docs/PERFORMANCE.md, the idle window).
    if (text == m_shownBody)
        return;
    m_shownBody = text;
    if (text.isEmpty())
        m_body->clear();
    else
        m_body->setPlainText(text);
}

void DataView::refreshRibbon()
{
    if (!m_cachedAt.isValid()) {
        m_ribbon->setVisible(false);
        return;
    }
    const qint64 ageMs = m_cachedAt.msecsTo(QDateTime::currentDateTimeUtc());
    const QString when = Presentation::clockTime(m_cachedAt);
    m_ribbon->setText(tr("Showing data from %1 — %2 ago (%3)").arg(when, durationText(ageMs), m_cachedBecause));
    m_ribbon->setVisible(true);
}

} // namespace NetPulse
