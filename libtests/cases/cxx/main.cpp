#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <string>
#include <typeinfo>
#include <vector>
#include "shared.hpp"
struct Circle : Shape {
    double r;
    explicit Circle(double rr) : r(rr) {}
    std::string name() const override { return "circle"; }
    double area() const override { return 3 * r * r; }
};
struct ExeGlobal {
    ExeGlobal() { std::printf("exe: global ctor\n"); }
    ~ExeGlobal() { std::printf("exe: global dtor\n"); std::fflush(stdout); }
} exe_global;
static std::string greeting = std::string("hello") + ", " + "world";

int main()
{
    std::printf("exe: main\n");
    std::fflush(stdout);
    std::cout << greeting << " (" << greeting.size() << " chars)" << std::endl;
    std::vector<int> v{ 5, 3, 9, 1, 7, 2 };
    std::sort(v.begin(), v.end());
    for (int x : v)
        std::cout << x << ' ';
    std::cout << "sum=" << std::accumulate(v.begin(), v.end(), 0) << '\n';
    std::map<std::string, int> m;
    for (const char *w : { "pear", "apple", "fig", "apple" })
        m[w]++;
    for (auto &kv : m)
        std::cout << kv.first << '=' << kv.second << ' ';
    std::cout << '\n';
    std::vector<std::unique_ptr<Shape>> shapes;
    shapes.emplace_back(make_square(2));
    shapes.emplace_back(new Circle(1));
    for (auto &s : shapes)
        std::cout << lib_describe(*s) << '\n';
    std::cout << "typeid equal across DSOs: " << (typeid(*shapes[0]) == lib_square_type()) << '\n';
    std::cout << "dynamic_cast<Circle*>(square): " << (dynamic_cast<Circle *>(shapes[0].get()) != nullptr)
              << " dynamic_cast<Circle*>(circle): " << (dynamic_cast<Circle *>(shapes[1].get()) != nullptr)
              << '\n';
    shared_counter() = 10;
    int a = lib_bump_counter();
    int b = ++shared_counter();
    std::cout << "shared counter: " << a << ' ' << b << '\n';
    Registry<std::string>::items.push_back("exe:first");
    lib_register("second");
    for (auto &s : Registry<std::string>::items)
        std::cout << s << ' ';
    std::cout << '\n';
    std::string big;
    for (int i = 0; i < 1000; i++)
        big += std::to_string(i);
    std::cout << "big string length " << big.size() << std::endl;
    return 0;
}
