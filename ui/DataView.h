#pragma once

#include <QDateTime>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace NetPulse {

class WatchedEndpoint;

// What the service said: the live response (pretty-printed JSON, plain text otherwise, size-capped);
// on an HTTP failure also the failing response's own headers and body (a 500 page often says why);
// and when the last check failed, the last good data under a ribbon whose age keeps ticking.
class DataView : public QWidget
{
    Q_OBJECT
public:
    explicit DataView(QWidget *parent = nullptr);

    void setEndpoint(WatchedEndpoint *endpoint);
    static QString prettyBody(const QByteArray &body);

public slots:
    void refresh();

private:
    void refreshRibbon();
    void showBody(const QString &text);

    QPointer<WatchedEndpoint> m_endpoint;
    QLabel *m_ribbon;
    QString m_shownBody; // what m_body holds, so an unchanged body is not set again
    QPlainTextEdit *m_body;
    QLabel *m_errorLabel;
    QPlainTextEdit *m_errorResponse;
    QDateTime m_cachedAt;
    QString m_cachedBecause;
};

} // namespace NetPulse
