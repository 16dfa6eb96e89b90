// The sidebar at fleet size: the summary line counts each group and shows only it when pressed;
// the filter box finds endpoints by name, URL, state and failure (title or name); "worst first"
// puts the failing ones on top; an endpoint the filter hides is shown when it is selected; and a
// change reaches the view row by row (a range repainted the whole list each turn).
#include <QAbstractItemView>
#include <QComboBox>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

#include "EndpointFilterModel.h"
#include "EndpointListModel.h"
#include "EndpointSidebar.h"
#include "FaultServer.h"
#include "Translations.h"

#include "endpoints/EndpointList.h"
#include "endpoints/WatchedEndpoint.h"
#include "probe/ProbeEngine.h"

using namespace NetPulse;

class TestEndpointSidebar : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void theSummaryCountsAndShowsOneGroup();
    void theFilterFindsByNameUrlStateAndFailure_data();
    void theFilterFindsByNameUrlStateAndFailure();
    void worstFirstPutsTheFailingOnTop();
    void selectingAHiddenEndpointShowsIt();
    void changesReachTheViewRowByRow();
    void rowsAreDrawnThroughTheFilter();
    void aRowsVerdictIsToldOnceItsCountdownNever();
    void theSelectionStaysWhenTheFilterHidesIt();
    void removingTheSelectedOneKeepsTheFilter();

private:
    QStringList shownNames() const;

    NetPulse::Demo::FaultServer m_server;
    std::unique_ptr<ProbeEngine> m_engine;
    std::unique_ptr<EndpointList> m_list;
    std::unique_ptr<EndpointSidebar> m_sidebar;
};

void TestEndpointSidebar::initTestCase()
{
    installTranslations(*QCoreApplication::instance());
    QVERIFY(m_server.start());
}

void TestEndpointSidebar::init()
{
    // Five endpoints: three answer 200, two are refused (down at once, no retries).
    m_engine = std::make_unique<ProbeEngine>();
    m_list = std::make_unique<EndpointList>(EndpointServices{m_engine.get(), nullptr, nullptr});
    const QList<QPair<QString, bool>> endpoints = {{QStringLiteral("api"), true},
                                                   {QStringLiteral("billing"), false},
                                                   {QStringLiteral("cart"), true},
                                                   {QStringLiteral("db-proxy"), false},
                                                   {QStringLiteral("edge"), true}};
    for (const auto &[name, up] : endpoints) {
        EndpointConfig config;
        config.name = name;
        config.settings.probe.url = up ? m_server.url(QStringLiteral("/ok")) : m_server.refusedUrl();
        config.settings.retries = 0;
        config.settings.intervalMs = 60000;
        config.settings.downIntervalMs = 60000;
        config.settings.recoveryWatch = false;
        m_list->add(config);
    }
    m_sidebar = std::make_unique<EndpointSidebar>(m_list.get());
    m_sidebar->resize(320, 600);
    m_sidebar->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_sidebar.get()));
    for (WatchedEndpoint *endpoint : m_list->endpoints())
        endpoint->start();
    EndpointListModel *model = m_sidebar->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->count(EndpointListModel::Group::Down), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(model->count(EndpointListModel::Group::Up), 3, 10000);
}

void TestEndpointSidebar::cleanup()
{
    m_sidebar.reset();
    m_list.reset();
    m_engine.reset();
}

QStringList TestEndpointSidebar::shownNames() const
{
    QStringList names;
    const EndpointFilterModel *shown = m_sidebar->filterModel();
    for (int row = 0; row < shown->rowCount(); ++row)
        names << shown->index(row, 0).data(Qt::EditRole).toString();
    return names;
}

void TestEndpointSidebar::theSummaryCountsAndShowsOneGroup()
{
    auto *down =
        m_sidebar->findChild<QToolButton *>(QStringLiteral("groupButton%1").arg(int(EndpointListModel::Group::Down)));
    auto *up =
        m_sidebar->findChild<QToolButton *>(QStringLiteral("groupButton%1").arg(int(EndpointListModel::Group::Up)));
    auto *retrying = m_sidebar->findChild<QToolButton *>(
        QStringLiteral("groupButton%1").arg(int(EndpointListModel::Group::Retrying)));
    QCOMPARE(down->text(), QStringLiteral("2 down"));
    QCOMPARE(up->text(), QStringLiteral("3 up"));
    QVERIFY(down->isVisible());
    QVERIFY(!retrying->isVisible()); // nobody retrying: no "0 retrying"
    QTest::mouseClick(down, Qt::LeftButton);
    QCOMPARE(shownNames(), QStringList({QStringLiteral("billing"), QStringLiteral("db-proxy")}));
    QTest::mouseClick(up, Qt::LeftButton); // another group: only that one
    QVERIFY(!down->isChecked());
    QCOMPARE(shownNames().size(), 3);
    QTest::mouseClick(up, Qt::LeftButton); // pressed again: everything
    QCOMPARE(shownNames().size(), 5);
}

void TestEndpointSidebar::theFilterFindsByNameUrlStateAndFailure_data()
{
    QTest::addColumn<QString>("words");
    QTest::addColumn<QStringList>("shown");
    const QStringList failing{QStringLiteral("billing"), QStringLiteral("db-proxy")};
    QTest::newRow("a name") << QStringLiteral("cart") << QStringList{QStringLiteral("cart")};
    QTest::newRow("part of a name, any case") << QStringLiteral("PROX") << QStringList{QStringLiteral("db-proxy")};
    QTest::newRow("a state") << QStringLiteral("down") << failing;
    QTest::newRow("a failure's title") << QStringLiteral("connection refused") << failing;
    QTest::newRow("a failure's name") << QStringLiteral("connection_refused") << failing;
    QTest::newRow("a path in the URL") << QStringLiteral("/ok")
                                       << QStringList{QStringLiteral("api"), QStringLiteral("cart"),
                                                      QStringLiteral("edge")};
    QTest::newRow("every word must match")
        << QStringLiteral("refused billing") << QStringList{QStringLiteral("billing")};
    QTest::newRow("nothing matches") << QStringLiteral("nowhere") << QStringList();
    QTest::newRow("spaces only: everything")
        << QStringLiteral("   ")
        << QStringList{QStringLiteral("api"), QStringLiteral("billing"), QStringLiteral("cart"),
                       QStringLiteral("db-proxy"), QStringLiteral("edge")};
}

void TestEndpointSidebar::theFilterFindsByNameUrlStateAndFailure()
{
    QFETCH(QString, words);
    QFETCH(QStringList, shown);
    auto *filter = m_sidebar->findChild<QLineEdit *>(QStringLiteral("sidebarFilter"));
    filter->setText(words);
    QCOMPARE(shownNames(), shown);
}

void TestEndpointSidebar::worstFirstPutsTheFailingOnTop()
{
    auto *order = m_sidebar->findChild<QComboBox *>(QStringLiteral("endpointOrder"));
    auto *moveUp = m_sidebar->findChild<QToolButton *>(QStringLiteral("moveUpButton"));
    QVERIFY(moveUp->isEnabled());
    order->setCurrentIndex(order->findData(int(EndpointFilterModel::Order::WorstFirst)));
    QCOMPARE(shownNames(), QStringList({QStringLiteral("billing"), QStringLiteral("db-proxy"), QStringLiteral("api"),
                                        QStringLiteral("cart"), QStringLiteral("edge")}));
    QVERIFY(!moveUp->isEnabled());                                 // "up" in this view is not up in the list
    QCOMPARE(m_list->at(0)->displayName(), QStringLiteral("api")); // the list itself keeps its order
    m_sidebar->selectRow(1);                                       // billing
    QCOMPARE(m_sidebar->selectedEndpoint()->displayName(), QStringLiteral("billing"));
    order->setCurrentIndex(order->findData(int(EndpointFilterModel::Order::List)));
    QCOMPARE(shownNames().constFirst(), QStringLiteral("api"));
    QCOMPARE(m_sidebar->selectedEndpoint()->displayName(), QStringLiteral("billing")); // the selection follows
    QVERIFY(moveUp->isEnabled());
}

void TestEndpointSidebar::selectingAHiddenEndpointShowsIt()
{
    auto *filter = m_sidebar->findChild<QLineEdit *>(QStringLiteral("sidebarFilter"));
    filter->setText(QStringLiteral("billing"));
    QCOMPARE(shownNames().size(), 1);
    m_sidebar->selectRow(4); // edge, hidden by the words: a new endpoint or an undone removal
    QVERIFY(filter->text().isEmpty());
    QCOMPARE(shownNames().size(), 5);
    QCOMPARE(m_sidebar->selectedRow(), 4);
    QCOMPARE(m_sidebar->selectedEndpoint()->displayName(), QStringLiteral("edge"));
}

void TestEndpointSidebar::changesReachTheViewRowByRow()
{
    QSignalSpy changed(m_sidebar->model(), &QAbstractItemModel::dataChanged);
    for (WatchedEndpoint *endpoint : m_list->endpoints())
        endpoint->checkNow();
    QTRY_VERIFY_WITH_TIMEOUT(changed.size() >= 5,
                             10000); // each row at least once (a batch may hold both of a check's changes)
    for (const QList<QVariant> &change : std::as_const(changed)) {
        const auto first = change.at(0).value<QModelIndex>();
        const auto last = change.at(1).value<QModelIndex>();
        QVERIFY2(first == last,
                 qPrintable(QStringLiteral("rows %1 to %2 in one change").arg(first.row()).arg(last.row())));
        // The roles are named: a view or proxy can tell a row's words from its uptime.
        const auto roles = change.at(2).value<QList<int>>();
        QVERIFY(!roles.isEmpty());
    }
}

// The delegate draws the endpoint of the row it is given, through the filter: it looked for the
// list's own model, found the filter, and drew every row empty.
void TestEndpointSidebar::rowsAreDrawnThroughTheFilter()
{
    auto *view = m_sidebar->findChild<QListView *>(QStringLiteral("endpointList"));
    const QRect row = view->visualRect(view->model()->index(2, 0));
    QVERIFY(!row.isEmpty());
    const QImage drawn = view->viewport()->grab(row).toImage();
    QSet<QRgb> colours;
    for (int y = 0; y < drawn.height(); ++y) {
        for (int x = 0; x < drawn.width(); ++x)
            colours.insert(drawn.pixel(x, y));
    }
    QVERIFY2(colours.size() > 8, qPrintable(QString::number(colours.size()))); // a name, words, a dot, bars
}

// A row that changes verdict is told to assistive technology once; its clock ticking ("Down for
// 4 s", "5 s", …) is not a change of verdict.
void TestEndpointSidebar::aRowsVerdictIsToldOnceItsCountdownNever()
{
    QSignalSpy told(m_sidebar.get(), &EndpointSidebar::rowVerdictChanged);
    QSignalSpy changed(m_sidebar->model(), &QAbstractItemModel::dataChanged);
    // Two seconds of down rows ticking: changes on screen, nothing told.
    QTRY_VERIFY_WITH_TIMEOUT(changed.size() >= 4, 5000);
    QCOMPARE(told.size(), 0);
    // billing comes back: its row is told, once.
    WatchedEndpoint *billing = m_list->at(1);
    EndpointConfig config = billing->config();
    config.settings.probe.url = m_server.url(QStringLiteral("/ok"));
    billing->setConfig(config);
    billing->checkNow();
    QTRY_COMPARE_WITH_TIMEOUT(told.size(), 1, 10000);
    QCOMPARE(told.constFirst().constFirst().toInt(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_sidebar->model()->count(EndpointListModel::Group::Up), 4, 5000);
    QCOMPARE(told.size(), 1);
}

// Typing in the filter hides the selected row: the selection (the banner, the Dashboard, the log
// beside the list) stays on that endpoint; Qt moved the view's current row to a neighbour and the
// window switched endpoints under the user.
void TestEndpointSidebar::theSelectionStaysWhenTheFilterHidesIt()
{
    auto *view = m_sidebar->findChild<QListView *>(QStringLiteral("endpointList"));
    auto *filter = m_sidebar->findChild<QLineEdit *>(QStringLiteral("sidebarFilter"));
    m_sidebar->selectRow(0); // api
    QSignalSpy changed(m_sidebar.get(), &EndpointSidebar::selectionChanged);
    filter->setText(QStringLiteral("billing"));
    QCOMPARE(shownNames(), QStringList{QStringLiteral("billing")});
    QTRY_VERIFY(!view->currentIndex().isValid()); // no neighbour highlighted in its place
    QCOMPARE(m_sidebar->selectedEndpoint()->displayName(), QStringLiteral("api"));
    filter->clear();
    QTRY_COMPARE(view->currentIndex().data(Qt::EditRole).toString(), QStringLiteral("api"));
    QCOMPARE(changed.size(), 0);
    // Clicking a row is the user's choice: that one is selected.
    filter->setText(QStringLiteral("cart"));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(view->model()->index(0, 0)).center());
    QCOMPARE(m_sidebar->selectedEndpoint()->displayName(), QStringLiteral("cart"));
    QCOMPARE(changed.size(), 1);
}

// The selected endpoint removed while a filter is on: the next row in the view is selected and
// the filter stays (it was cleared to select the list's next row, which the filter hid).
void TestEndpointSidebar::removingTheSelectedOneKeepsTheFilter()
{
    auto *filter = m_sidebar->findChild<QLineEdit *>(QStringLiteral("sidebarFilter"));
    filter->setText(QStringLiteral("down"));
    QCOMPARE(shownNames(), QStringList({QStringLiteral("billing"), QStringLiteral("db-proxy")}));
    m_sidebar->selectRow(1); // billing
    QVERIFY(m_list->remove(1));
    QCOMPARE(filter->text(), QStringLiteral("down"));
    QCOMPARE(m_sidebar->selectedEndpoint()->displayName(), QStringLiteral("db-proxy"));
    QCOMPARE(shownNames(), QStringList{QStringLiteral("db-proxy")});
}

QTEST_MAIN(TestEndpointSidebar)
#include "TestEndpointSidebar.moc"
