int mi_plug(int x)
{
    return x + 1;
}
