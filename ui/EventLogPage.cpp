#include "EventLogPage.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "EventLogModel.h"
#include "Presentation.h"

#include "base/WholeFile.h"
#include "endpoints/EndpointList.h"
#include "endpoints/EventLog.h"

namespace NetPulse {

EventLogPage::EventLogPage(EventLog *log, EndpointList *endpoints, QWidget *parent)
    : QWidget(parent)
    , m_log(log)
    , m_endpoints(endpoints)
    , m_model(new EventLogModel(log, this))
    , m_filter(new EventLogFilter(this))
    , m_view(new QTableView(this))
    , m_kindFilter(new QComboBox(this))
    , m_endpointFilter(new QComboBox(this))
{
    m_filter->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("eventLogView"));
    m_view->setAccessibleName(tr("Events"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // Tab (and Ctrl+Tab) went round inside the table, a trap for the keyboard: the arrows move
    // between cells, Tab leaves.
    m_view->setTabKeyNavigation(false);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    // What happened and what is next share what is left; the rest fit their longest values.
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(EventLogModel::Message, QHeaderView::Stretch);
    m_view->horizontalHeader()->setSectionResizeMode(EventLogModel::Plan, QHeaderView::Stretch);
    // Fixed starting widths: measuring contents would visit every one of thousands of rows.
    const QFontMetrics metrics = fontMetrics();
    // Each column as wide as its widest word in the language shown, and its header ("at happe"
    // and "ok; n…" were cut at 1,100 px, in German more).
    QStringList kindTitles;
    for (FailureKind kind : allFailureKinds())
        kindTitles << describeFailure(kind).title;
    QStringList stateTitles;
    for (int state = int(MonitorState::Idle); state <= int(MonitorState::Stopped); ++state)
        stateTitles << EventLogModel::stateTitle(MonitorState(state));
    const QList<QPair<int, QStringList>> widths = {
        {EventLogModel::Time, {QStringLiteral("00:00:00.000")}},
        {EventLogModel::Endpoint, {QStringLiteral("Demo: 503 with Retry-After")}},
        {EventLogModel::Type, {EventLogModel::tr("attempt"), EventLogModel::tr("notice"), EventLogModel::tr("state")}},
        {EventLogModel::Kind, kindTitles},
        {EventLogModel::Status, {QStringLiteral("000")}},
        {EventLogModel::State, stateTitles},
        {EventLogModel::Total, {QStringLiteral("00000.0 ms")}},
        {EventLogModel::Message, {QStringLiteral("Connection refused by")}},
        {EventLogModel::Plan, {QStringLiteral("retry 3 of 3 in 12.5 s; watching")}}};
    const QFontMetrics headerMetrics = m_view->horizontalHeader()->fontMetrics();
    for (const auto &[column, texts] : widths) {
        int width =
            headerMetrics.horizontalAdvance(m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()) +
            24;
        for (const QString &text : texts)
            width = std::max(width, metrics.horizontalAdvance(text) + 16);
        // A few kind titles are long ("Answer larger than the limit"): they are cut with "…" and
        // shown whole in the tooltip rather than pushing the state out of a 1,100 px window.
        if (column == EventLogModel::Kind)
            width = std::min(width, metrics.averageCharWidth() * 26);
        m_view->setColumnWidth(column, width);
    }
    m_view->setWordWrap(false);

    m_kindFilter->setObjectName(QStringLiteral("kindFilter"));
    m_kindFilter->addItem(tr("All kinds"), QString());
    for (FailureKind kind : allFailureKinds()) {
        // The words a person reads elsewhere, the name (what exports carry) in the tooltip.
        m_kindFilter->addItem(Presentation::familyIcon(failureFamily(kind)), describeFailure(kind).title,
                              failureKindName(kind));
        m_kindFilter->setItemData(m_kindFilter->count() - 1, failureKindName(kind), Qt::ToolTipRole);
    }
    m_endpointFilter->setObjectName(QStringLiteral("endpointFilter"));
    // Compact enough for a 700-pixel window: the filters shrink, the two exports share one button.
    for (QComboBox *filter : {m_kindFilter, m_endpointFilter}) {
        filter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        filter->setMinimumContentsLength(10);
    }
    auto *copy = new QPushButton(tr("&Copy rows"), this);
    copy->setObjectName(QStringLiteral("copyRowsButton"));
    auto *exportButton = new QToolButton(this);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    // Tab as laid out: the filters and buttons above, then the table (made first, it came first,
    // and the filters were reachable only backwards).
    QWidget::setTabOrder(m_kindFilter, m_endpointFilter);
    QWidget::setTabOrder(m_endpointFilter, copy);
    QWidget::setTabOrder(copy, exportButton);
    QWidget::setTabOrder(exportButton, m_view);
    exportButton->setText(tr("E&xport"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    exportButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *exportMenu = new QMenu(exportButton);
    QAction *exportJson = exportMenu->addAction(tr("JSON &Lines…"));
    QAction *exportCsv = exportMenu->addAction(tr("CS&V…"));
    exportButton->setMenu(exportMenu);
    auto *bar = new QHBoxLayout;
    // The label names the filters for a screen reader and puts the keyboard in the first one.
    auto *show = new QLabel(tr("Sho&w:"), this);
    show->setBuddy(m_kindFilter);
    m_kindFilter->setAccessibleName(tr("Show the kind"));
    m_endpointFilter->setAccessibleName(tr("Show the endpoint"));
    bar->addWidget(show);
    bar->addWidget(m_kindFilter, 1);
    bar->addWidget(m_endpointFilter, 1);
    bar->addWidget(copy);
    bar->addWidget(exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_kindFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setKind(m_kindFilter->currentData().toString()); });
    connect(m_endpointFilter, &QComboBox::currentIndexChanged, this, &EventLogPage::applyEndpointFilter);
    connect(copy, &QPushButton::clicked, this, &EventLogPage::copySelectedRows);
    connect(exportJson, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export event log"), QStringLiteral("netpulse-log.jsonl"), tr("JSON Lines (*.jsonl)"));
        if (!path.isEmpty())
            exportLog(path, false);
    });
    connect(exportCsv, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export event log"),
                                                          QStringLiteral("netpulse-log.csv"), tr("CSV (*.csv)"));
        if (!path.isEmpty())
            exportLog(path, true);
    });
    // A new row in the log keeps the view at the newest row only if it was already there.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_view->verticalScrollBar()->value() >= m_view->verticalScrollBar()->maximum() - 2)
            m_view->scrollToBottom();
    });
    connect(endpoints, &EndpointList::edited, this, &EventLogPage::refreshEndpointFilter);
    refreshEndpointFilter();
}

void EventLogPage::refreshEndpointFilter()
{
    const QString current = m_endpointFilter->currentData().toString();
    QSignalBlocker blocker(m_endpointFilter);
    m_endpointFilter->clear();
    m_endpointFilter->addItem(tr("All endpoints"), QString());
    // Follows the sidebar: the log of whichever endpoint is selected, as the banner and the
    // Dashboard beside it (a fixed endpoint stayed put while the selection moved on).
    m_endpointFilter->addItem(tr("The selected endpoint"), QString::fromLatin1(kSelected));
    for (const WatchedEndpoint *endpoint : m_endpoints->endpoints())
        m_endpointFilter->addItem(endpoint->displayName(), endpoint->config().id);
    const int index = m_endpointFilter->findData(current);
    m_endpointFilter->setCurrentIndex(index >= 0 ? index : 0);
    applyEndpointFilter();
}

void EventLogPage::setSelectedEndpoint(const WatchedEndpoint *endpoint)
{
    m_selectedId = endpoint ? endpoint->config().id : QString();
    applyEndpointFilter();
}

void EventLogPage::applyEndpointFilter()
{
    const QString chosen = m_endpointFilter->currentData().toString();
    // With nothing selected, "the selected endpoint" shows nothing rather than everything.
    m_filter->setEndpointId(chosen == QLatin1String(kSelected)
                                ? (m_selectedId.isEmpty() ? QString::fromLatin1(kNoEndpoint) : m_selectedId)
                                : chosen);
}

bool EventLogPage::exportLog(const QString &path, bool asCsv)
{
    m_model->flush();
    const QList<int> rows = m_filter->sourceRows();
    const QByteArray bytes = asCsv ? m_log->toCsv(rows) : m_log->toJsonLines(rows);
    if (QString why; !writeWholeFile(path, bytes, &why)) {
        emit noteRaised(tr("Could not export the log to %1: %2").arg(path, why));
        return false;
    }
    emit noteRaised(tr("Exported %n event(s) to %1", nullptr, int(rows.size())).arg(path));
    return true;
}

void EventLogPage::copySelectedRows()
{
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    if (selected.isEmpty())
        return;
    QApplication::clipboard()->setText(QString::fromUtf8(m_log->toCsv(m_filter->sourceRows(selected))));
}

} // namespace NetPulse
