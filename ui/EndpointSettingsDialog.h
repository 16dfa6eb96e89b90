#pragma once

#include <QDialog>

#include "endpoints/EndpointConfig.h"

class QAbstractSpinBox;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace NetPulse {

// Every setting of one endpoint, each field limited to its allowed range; what the fields cannot
// catch alone (deadline under timeout, a bad header line) is explained in the dialog, which stays
// open until it is fixed.
class EndpointSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit EndpointSettingsDialog(const EndpointConfig &config, QWidget *parent = nullptr);

    EndpointConfig config() const { return m_config; }
    // Puts text in the URL field as typed, even when it is not a URL yet (to be corrected here).
    void setUrlText(const QString &text);
    // Reads the fields; empty when usable, else the problem.
    QString apply();

    void accept() override;

protected:
    void showEvent(QShowEvent *event) override;

private:
    EndpointConfig m_config;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QComboBox *m_method;
    QSpinBox *m_interval;
    QSpinBox *m_timeout;
    QSpinBox *m_deadline;
    QSpinBox *m_maxBodyKiB;
    QSpinBox *m_retries;
    QSpinBox *m_backoffInitial;
    QSpinBox *m_backoffMax;
    QDoubleSpinBox *m_multiplier;
    QComboBox *m_jitter;
    QSpinBox *m_downInterval;
    QSpinBox *m_slow;
    QPlainTextEdit *m_headers;
    QCheckBox *m_insecure;
    QCheckBox *m_retryNonIdempotent;
    QCheckBox *m_recoveryWatch;
    QCheckBox *m_report;
    // The "Checks" tab: the endpoint's response checks (ResponseChecks).
    QLineEdit *m_expectStatus;
    QLineEdit *m_expectBody;
    QLineEdit *m_expectNotBody;
    QLineEdit *m_expectRegex;
    QLineEdit *m_expectJson;
    QLineEdit *m_expectHeader;
    QLineEdit *m_pageOrigin;     // the page that calls the endpoint (PageOriginCheck)
    QString m_expectHeaderShown; // as first shown: unchanged, the header check is kept whole
    QSpinBox *m_expectCertDays;
    QSpinBox *m_expectMaxMs;
    QLabel *m_problem;
    QList<QAbstractSpinBox *> m_numbers;
    int m_corrections = 0; // corrections said so far
    QSize m_naturalSize;   // what the content wants, before the screen bounds it
};

} // namespace NetPulse
