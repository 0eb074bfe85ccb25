#include "cx.hpp"
std::string cx_catch_in_lib(int kind)
{
    try {
        cx_throw(kind);
        return "nothing thrown";
    } catch (const CxDerived &e) {
        return std::string("CxDerived ") + e.what() + " " + std::to_string(e.code);
    } catch (const CxError &e) {
        return std::string("CxError ") + e.what() + " " + std::to_string(e.code);
    } catch (const std::out_of_range &e) {
        return "out_of_range";
    } catch (const std::exception &e) {
        return std::string("std::exception ") + e.what();
    } catch (int i) {
        return "int " + std::to_string(i);
    }
}
void cx_rethrow_in_lib(int kind)
{
    try {
        cx_throw(kind);
    } catch (...) {
        throw;
    }
}
std::exception_ptr cx_capture(int kind)
{
    try {
        cx_throw(kind);
    } catch (...) {
        return std::current_exception();
    }
    return nullptr;
}
